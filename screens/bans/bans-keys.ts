import type { Binding } from '../../src/ui/keymap.js';
import { moveBindings, type MoveAction } from '../../src/ui/move-keys.js';

export type BansAction = MoveAction | 'why' | 'ban' | 'unban' | 'unbanAll' | 'refresh';

export const BANS_BINDINGS: readonly Binding<BansAction>[] = [
  ...moveBindings({ first: 'first ban', last: 'last ban' }),
  { action: 'why', keys: ['enter'], description: 'why (the log lines behind the ban)', main: true },
  { action: 'ban', keys: ['b'], description: 'ban an IP', main: true, changes: true },
  { action: 'unban', keys: ['u'], description: 'unban', main: true, changes: true },
  { action: 'unbanAll', keys: ['U'], description: 'unban from every jail', main: true, changes: true },
  { action: 'refresh', keys: ['r'], description: 'refresh now' },
];
