import type { Binding } from '../../src/ui/keymap.js';
import { moveBindings, type MoveAction } from '../../src/ui/move-keys.js';

export type AccountsAction =
  | MoveAction
  | 'sort' | 'add' | 'import' | 'password' | 'quota' | 'aliases' | 'send' | 'receive' | 'delete' | 'refresh';

export const ACCOUNTS_BINDINGS: readonly Binding<AccountsAction>[] = [
  ...moveBindings({ first: 'first account', last: 'last account' }),
  { action: 'sort', keys: ['s'], description: 'sort by name, usage, domain' },
  { action: 'add', keys: ['a'], description: 'add an account', main: true, changes: true },
  { action: 'import', keys: ['I'], description: 'add accounts from a file (address password per line)', changes: true },
  { action: 'password', keys: ['p'], description: 'change the password', main: true, changes: true },
  { action: 'quota', keys: ['u'], description: 'set or remove the quota', changes: true },
  { action: 'aliases', keys: ['l'], description: 'aliases of the account', main: true },
  { action: 'send', keys: ['S'], description: 'refuse / allow sending', changes: true },
  { action: 'receive', keys: ['R'], description: 'refuse / allow receiving', changes: true },
  { action: 'delete', keys: ['d'], description: 'delete the account', main: true, changes: true },
  { action: 'refresh', keys: ['r'], description: 'refresh now' },
];
