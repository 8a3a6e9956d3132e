import type { Stack } from '../stacks/stack.js';
import type { MailServer } from './mail-server.js';
import {
  actionCommand,
  applyQueueAction,
  flushQueue,
  LIST_COMMAND,
  readQueue,
  readQueuedMessage,
  type QueueAction,
  type QueueActionResult,
  type QueuedMessageText,
  type QueueSnapshot,
} from './queue.js';

/**
 * A mail queue as the Queue screen uses it, whatever the MTA: Postfix (DMS, the Kopano stack's mta) or the Exim
 * instances of docker-dovecot. The actions keep Postfix's names; each backend says what they run.
 */
export interface QueueBackend {
  /** What the listing runs, shown on the screen. */
  listCommand: string;
  /** What an action runs, for its confirmation. */
  commandFor(action: QueueAction | 'flush-all'): string;
  list(): Promise<QueueSnapshot>;
  apply(action: QueueAction, ids: readonly string[]): Promise<QueueActionResult>;
  /** Retries everything that waits. */
  flushAll(): Promise<void>;
  readMessage(id: string): Promise<QueuedMessageText>;
}

export function postfixQueue(server: MailServer): QueueBackend {
  return {
    listCommand: LIST_COMMAND.join(' '),
    commandFor: actionCommand,
    list: () => readQueue(server),
    apply: (action, ids) => applyQueueAction(server, action, ids),
    flushAll: () => flushQueue(server),
    readMessage: (id) => readQueuedMessage(server, id),
  };
}

/** The queue the console shows for the server (or its stack): every Exim of a docker-dovecot stack, else Postfix. */
export async function queueBackendFor(server: MailServer, stack: Stack | undefined): Promise<QueueBackend> {
  const exims = stack?.kind === 'docker-dovecot' ? stack.members.filter((m) => m.role === 'mta' && m.info.state === 'running') : [];
  if (exims.length === 0) return postfixQueue(server);
  const { eximQueues } = await import('./exim-queues.js');
  return eximQueues(exims.map((m) => ({ name: m.name, target: m.target, labels: m.info.labels })));
}
