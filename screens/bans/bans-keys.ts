import type { Binding } from '../../src/ui/keymap.js';

export type BansAction = 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end' | 'why' | 'ban' | 'unban' | 'unbanAll' | 'refresh';

export const BANS_BINDINGS: readonly Binding<BansAction>[] = [
  { action: 'up', keys: ['up', 'k'], description: 'move up' },
  { action: 'down', keys: ['down', 'j'], description: 'move down' },
  { action: 'pageup', keys: ['pageup'], description: 'page up' },
  { action: 'pagedown', keys: ['pagedown'], description: 'page down' },
  { action: 'home', keys: ['home', 'g'], description: 'first ban' },
  { action: 'end', keys: ['end', 'G'], description: 'last ban' },
  { action: 'why', keys: ['enter'], description: 'why (the log lines behind the ban)', main: true },
  { action: 'ban', keys: ['b'], description: 'ban an IP', main: true, changes: true },
  { action: 'unban', keys: ['u'], description: 'unban', main: true, changes: true },
  { action: 'unbanAll', keys: ['U'], description: 'unban from every jail', main: true, changes: true },
  { action: 'refresh', keys: ['r'], description: 'refresh now' },
];
