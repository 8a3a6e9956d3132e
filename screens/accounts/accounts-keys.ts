import type { Binding } from '../../src/ui/keymap.js';
import { moveBindings, type MoveAction } from '../../src/ui/move-keys.js';

export type AccountsAction =
  | MoveAction
  | 'sort' | 'add' | 'import' | 'password' | 'quota' | 'aliases' | 'send' | 'receive' | 'delete' | 'refresh';

export const ACCOUNTS_BINDINGS: readonly Binding<AccountsAction>[] = [
  ...moveBindings({ first: 'first account', last: 'last account' }),
  { action: 'sort', keys: ['s'], description: 'sort by name, usage, domain' },
  { action: 'add', keys: ['a'], description: 'add an account', main: true, changes: true },
  { action: 'import', keys: ['I'], description: 'add accounts, aliases or quotas from a file', changes: true },
  { action: 'password', keys: ['p'], description: 'change the password', main: true, changes: true },
  { action: 'quota', keys: ['u'], description: 'set or remove the quota', changes: true },
  { action: 'aliases', keys: ['l'], description: 'aliases of the account', main: true },
  { action: 'send', keys: ['S'], description: 'refuse / allow sending', changes: true },
  { action: 'receive', keys: ['R'], description: 'refuse / allow receiving', changes: true },
  { action: 'delete', keys: ['d'], description: 'delete the account', main: true, changes: true },
  { action: 'refresh', keys: ['r'], description: 'refresh now' },
];

export type AliasesAction = 'up' | 'down' | 'add' | 'remove' | 'back' | 'help';

/** The aliases of one account (`l`): a view inside Accounts with keys of its own. */
export const ALIASES_BINDINGS: readonly Binding<AliasesAction>[] = [
  { action: 'up', keys: ['up', 'k'], description: 'move up' },
  { action: 'down', keys: ['down', 'j'], description: 'move down' },
  { action: 'add', keys: ['a'], description: 'add an alias', main: true, changes: true },
  { action: 'remove', keys: ['d'], description: 'remove the alias here', main: true, changes: true },
  { action: 'back', keys: ['esc', 'q'], description: 'back to the accounts', main: true },
  { action: 'help', keys: ['?'], description: 'all keys', main: true },
];
