import type { Binding } from '../../src/ui/keymap.js';

export type AccountsAction =
  | 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end'
  | 'sort' | 'add' | 'password' | 'quota' | 'aliases' | 'send' | 'receive' | 'delete' | 'refresh';

export const ACCOUNTS_BINDINGS: readonly Binding<AccountsAction>[] = [
  { action: 'up', keys: ['up', 'k'], description: 'move up' },
  { action: 'down', keys: ['down', 'j'], description: 'move down' },
  { action: 'pageup', keys: ['pageup'], description: 'page up' },
  { action: 'pagedown', keys: ['pagedown'], description: 'page down' },
  { action: 'home', keys: ['home', 'g'], description: 'first account' },
  { action: 'end', keys: ['end', 'G'], description: 'last account' },
  { action: 'sort', keys: ['s'], description: 'sort by name, usage, domain' },
  { action: 'add', keys: ['a'], description: 'add an account', main: true, changes: true },
  { action: 'password', keys: ['p'], description: 'change the password', main: true, changes: true },
  { action: 'quota', keys: ['u'], description: 'set or remove the quota', changes: true },
  { action: 'aliases', keys: ['l'], description: 'aliases of the account', main: true },
  { action: 'send', keys: ['S'], description: 'refuse / allow sending', changes: true },
  { action: 'receive', keys: ['R'], description: 'refuse / allow receiving', changes: true },
  { action: 'delete', keys: ['d'], description: 'delete the account', main: true, changes: true },
  { action: 'refresh', keys: ['r'], description: 'refresh now' },
];
