import type { Binding } from '../../src/ui/keymap.js';
import { moveBindings, type MoveAction } from '../../src/ui/move-keys.js';

export type KopanoAccountsAction = MoveAction | 'add' | 'password' | 'quota' | 'delete' | 'refresh';

/** The changing keys work where Kopano keeps its users itself (USER_PLUGIN=db, through kopano-admin). */
export const KOPANO_ACCOUNTS_BINDINGS: readonly Binding<KopanoAccountsAction>[] = [
  ...moveBindings({ first: 'first user', last: 'last user' }),
  { action: 'add', keys: ['a'], description: 'add a user (kopano-admin)', main: true, changes: true },
  { action: 'password', keys: ['p'], description: 'change the password (kopano-admin)', main: true, changes: true },
  { action: 'quota', keys: ['u'], description: 'set or remove the quota (kopano-admin)', changes: true },
  { action: 'delete', keys: ['d'], description: 'delete the user (kopano-admin)', main: true, changes: true },
  { action: 'refresh', keys: ['r'], description: 'refresh now' },
];
