import type { Binding } from '../../src/ui/keymap.js';
import { moveBindings, type MoveAction } from '../../src/ui/move-keys.js';

export type LogsAction =
  | MoveAction | 'follow'
  | 'trace' | 'timestamps' | 'level' | 'context' | 'next' | 'previous' | 'query';

/** Moving up pauses the view (new lines keep arriving below); End or f follows again. */
export const LOGS_BINDINGS: readonly Binding<LogsAction>[] = [
  // End (and G) follow: listed with `follow` below.
  ...moveBindings({ first: 'oldest line kept', last: '', upNote: 'pauses following' }).filter((b) => b.action !== 'end'),
  { action: 'follow', keys: ['end', 'f', 'G'], description: 'follow', main: true },
  { action: 'trace', keys: ['t'], description: 'trace the queue ID of the line', main: true },
  { action: 'timestamps', keys: ['T'], description: 'timestamps on / off' },
  { action: 'level', keys: ['l'], description: 'level: all, info+, warning+, error', main: true },
  { action: 'context', keys: ['m'], description: 'only matching lines / all lines with matches highlighted' },
  { action: 'next', keys: ['n'], description: 'next match' },
  { action: 'previous', keys: ['N'], description: 'previous match' },
  // The shell opens the `/` line; listed here so that the help says what the filter understands (LOG_QUERY_HELP).
  { action: 'query', keys: ['/'], description: 'text /re/ service: level: addr: ip: id:' },
];
