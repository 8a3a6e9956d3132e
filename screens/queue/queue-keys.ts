import type { Binding } from '../../src/ui/keymap.js';
import { moveBindings, type MoveAction } from '../../src/ui/move-keys.js';

export type QueueKeyAction =
  | MoveAction
  | 'mark' | 'markAll' | 'view' | 'sort' | 'reverse' | 'open' | 'back' | 'refresh'
  | 'flush' | 'flushAll' | 'hold' | 'release' | 'requeue' | 'delete' | 'bounce' | 'query';

/**
 * Actions work on the marked messages when some are marked, else on the group under the cursor (grouped views),
 * else on the message under the cursor. `A` marks everything the filter shows.
 */
export const QUEUE_BINDINGS: readonly Binding<QueueKeyAction>[] = [
  ...moveBindings({ first: 'first row', last: 'last row' }),
  { action: 'open', keys: ['enter'], description: 'open message / group', main: true },
  { action: 'back', keys: ['backspace', 'left'], description: 'back from a group to the groups' },
  { action: 'view', keys: ['v'], description: 'view: list, by reason, by domain', main: true },
  { action: 'mark', keys: [' '], description: 'mark', main: true },
  { action: 'markAll', keys: ['A'], description: 'mark everything shown (again: unmark all)' },
  { action: 'sort', keys: ['s'], description: 'sort by the next column' },
  { action: 'reverse', keys: ['S'], description: 'reverse the order' },
  { action: 'refresh', keys: ['r'], description: 'refresh now' },
  { action: 'flush', keys: ['f'], description: 'retry now (postqueue -i; Exim: -M)', main: true, changes: true },
  { action: 'hold', keys: ['h'], description: 'put on hold (postsuper -h; Exim: freeze, -Mf)', changes: true },
  { action: 'release', keys: ['u'], description: 'release from hold (postsuper -H; Exim: thaw, -Mt)', changes: true },
  { action: 'requeue', keys: ['R'], description: 'requeue (postsuper -r; Exim: deliver now, -M)', changes: true },
  { action: 'bounce', keys: ['e'], description: 'give up: return to sender (postsuper -e; Exim: -Mg)', changes: true },
  { action: 'delete', keys: ['d'], description: 'delete (postsuper -d; Exim: -Mrm)', main: true, changes: true },
  { action: 'flushAll', keys: ['F'], description: 'flush the whole queue (postqueue -f; Exim: -qff)', changes: true },
  // The shell opens the `/` line; listed here so that the help says what the filter understands (QUEUE_QUERY_HELP).
  { action: 'query', keys: ['/'], description: 'from: to: domain: reason: queue: age>1h' },
];
