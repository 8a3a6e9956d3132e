import type { Target } from '../target/index.js';
import { ServiceError } from './errors.js';
import { describeExim, type EximCommand } from '../formats/exim/exim-command.js';
import { applyEximAction, EXIM_ACTION_FLAGS, eximListCommand, locateExim, readEximMessage, readEximQueue, runEximQueue, type EximAction } from './exim-queue.js';
import type { QueueBackend } from './queue-backend.js';
import type { QueueAction, QueueActionResult, QueueSnapshot } from './queue.js';

/**
 * The queues of several Exim instances (docker-dovecot's exim-external, exim-int-mailout, exim-ext-mailout) as one:
 * listed together with the instance on each message, and every action sent to the instance that holds the message.
 */

export interface EximInstance {
  name: string;
  target: Target;
  labels?: Readonly<Record<string, string>>;
}

/** Postfix's action names, as Exim does them: hold is a freeze, release a thaw, requeue and flush a delivery now. */
const EXIM_ACTIONS: Readonly<Record<QueueAction, EximAction>> = { delete: 'remove', hold: 'freeze', release: 'thaw', requeue: 'deliver', flush: 'deliver', bounce: 'bounce' };

interface Located extends EximInstance {
  command: EximCommand;
  /** The short name shown in the instance column: the compose service, else the container name. */
  label: string;
}

export async function eximQueues(instances: readonly EximInstance[]): Promise<QueueBackend> {
  const located: Located[] = await Promise.all(
    instances.map(async (instance) => ({
      ...instance,
      command: await locateExim(instance.target, instance.labels),
      label: instance.labels?.['com.docker.compose.service'] ?? instance.name,
    })),
  );
  const several = located.length > 1;
  // Where each message of the last listing lives; an action on a message not listed yet is refused.
  let owners = new Map<string, Located>();

  const ownerOf = (id: string): Located => {
    const owner = owners.get(id) ?? (several ? undefined : located[0]);
    if (!owner) throw new ServiceError(`Message ${id} is not in the last listing: refresh the queue first.`);
    return owner;
  };

  return {
    listCommand: several ? `${eximListCommand(located[0]!.command)} in ${located.map((l) => l.label).join(', ')}` : eximListCommand(located[0]!.command),
    commandFor: (action) =>
      action === 'flush-all'
        ? `${describeExim(located[0]!.command, '-qff')}${several ? ' (in each instance)' : ''}`
        : `${describeExim(located[0]!.command, EXIM_ACTION_FLAGS[EXIM_ACTIONS[action]], 'ID')} (IDs on stdin, one call per instance)`,
    async list(): Promise<QueueSnapshot> {
      const snapshots = await Promise.all(located.map((l) => readEximQueue(l.target, l.command)));
      const next = new Map<string, Located>();
      const messages = snapshots.flatMap((snapshot, i) => {
        const owner = located[i]!;
        return snapshot.messages.map((message) => {
          next.set(message.queueId, owner);
          return several ? { ...message, instance: owner.label } : message;
        });
      });
      owners = next;
      return {
        readAt: Math.min(...snapshots.map((s) => s.readAt)),
        messages,
        malformed: snapshots.flatMap((s, i) => s.malformed.map((m) => ({ ...m, problem: `${m.problem} (${located[i]!.label})` }))),
      };
    },
    async apply(action, ids): Promise<QueueActionResult> {
      const byOwner = new Map<Located, string[]>();
      for (const id of new Set(ids)) {
        const owner = ownerOf(id);
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), id]);
      }
      const results = await Promise.all([...byOwner].map(([owner, list]) => applyEximAction(owner.target, owner.command, EXIM_ACTIONS[action], list)));
      const requested = results.reduce((n, r) => n + r.requested, 0);
      const affected = results.reduce((n, r) => n + r.affected, 0);
      return { requested, affected, summary: results.map((r) => r.summary).join('; ') || 'nothing selected' };
    },
    flushAll: async () => void (await Promise.all(located.map((l) => runEximQueue(l.target, l.command)))),
    readMessage: (id) => {
      const owner = ownerOf(id);
      return readEximMessage(owner.target, owner.command, id);
    },
  };
}
