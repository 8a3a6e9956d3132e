import { groupDomain, type QueuedMessage } from '../../src/dms/postqueue.js';
import { sanitizeForTerminal } from '../../src/dms/terminal-text.js';
import { plural, type QueueAction } from '../../src/services/queue.js';

/** How a confirmation and the audit log name an action. */
export const ACTION_WORDS: Record<QueueAction, { verb: string; audit: string; effect: string }> = {
  delete: { verb: 'Delete', audit: 'delete queued', effect: 'They are removed from the queue for good; nobody is told.' },
  hold: { verb: 'Hold', audit: 'hold queued', effect: 'The server will not try to deliver them until they are released (Exim: frozen).' },
  release: { verb: 'Release', audit: 'release queued', effect: 'Held messages go back to the deferred queue and are tried again.' },
  requeue: { verb: 'Requeue', audit: 'requeue queued', effect: 'They are tried again at once (Postfix: through cleanup again, with new queue IDs and current settings).' },
  flush: { verb: 'Retry now', audit: 'retry queued', effect: 'Deferred messages are tried again now.' },
  bounce: { verb: 'Give up on', audit: 'bounce queued', effect: 'Each is returned to its sender as undeliverable, then leaves the queue.' },
};

/** The value all items share, or undefined. */
function common<T>(items: readonly T[]): T | undefined {
  const first = items[0];
  return items.every((item) => item === first) ? first : undefined;
}

/**
 * Names a set of messages the way an admin reads it: "37 deferred messages to gmail.com",
 * "message 3F2A1B (alice@example.test → bob@gmail.com)".
 */
export function describeMessages(messages: readonly QueuedMessage[]): string {
  const first = messages[0];
  if (first === undefined) return 'no message';
  if (messages.length === 1) {
    const recipients = first.recipients.map((r) => r.address);
    const to = recipients.length > 1 ? `${recipients[0]} +${recipients.length - 1}` : (recipients[0] ?? '?');
    return sanitizeForTerminal(`${first.queueName} message ${first.queueId} (${first.sender} → ${to})`);
  }
  const queue = common(messages.map((m) => m.queueName));
  const domain = common(messages.flatMap((m) => m.recipients.map((r) => groupDomain(r.address))));
  const sender = common(messages.map((m) => m.sender));
  const parts = [`${messages.length.toLocaleString('en-US')} ${queue ? `${queue} ` : ''}message${messages.length === 1 ? '' : 's'}`];
  if (sender !== undefined) parts.push(`from ${sanitizeForTerminal(sender)}`);
  if (domain !== undefined && domain !== '') parts.push(`to ${domain}`);
  return parts.join(' ');
}

/** The question and detail of a confirmation: what, how many, and what it does. */
export function confirmation(action: QueueAction, messages: readonly QueuedMessage[], command: string, context?: string): { question: string; detail: string } {
  const question = `${ACTION_WORDS[action].verb} ${describeMessages(messages)}?`;
  const lines = [context, ACTION_WORDS[action].effect, `Runs: ${command}`].filter(Boolean);
  return { question, detail: lines.join('\n') };
}

export function flushAllConfirmation(total: number, command: string): { question: string; detail: string } {
  return {
    question: `Flush the whole queue (${plural(total, 'message')}): try every deferred message now?`,
    detail: `Runs: ${command}`,
  };
}
