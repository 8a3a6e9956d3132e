import type { Binding } from '../src/ui/keymap.js';

export type ShellAction = 'next' | 'previous' | 'help' | 'filter' | 'command' | 'quit' | 'clear';

/** Keys the shell handles on every screen (number keys 1–9 pick a screen and are listed separately). */
export const SHELL_BINDINGS: readonly Binding<ShellAction>[] = [
  { action: 'next', keys: ['tab'], description: 'next screen', main: true },
  { action: 'previous', keys: ['shift+tab'], description: 'previous screen' },
  { action: 'filter', keys: ['/'], description: 'filter the list (Esc clears)', main: true },
  { action: 'command', keys: [':'], description: 'command line (:audit, :help, :quit, a screen name)' },
  { action: 'help', keys: ['?'], description: 'all keys of this screen', main: true },
  { action: 'clear', keys: ['esc'], description: 'clear the filter, close help' },
  { action: 'quit', keys: ['q', 'ctrl+c'], description: 'quit', main: true },
];
