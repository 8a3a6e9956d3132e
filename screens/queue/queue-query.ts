import { QUEUE_NAMES, type QueueFilter, type QueueName } from '../../src/dms/postqueue.js';
import { parseDurationSeconds, queryTerms } from '../../src/ui/query-tokens.js';

/** What `/` understands on the Queue screen; shown in the help. */
export const QUEUE_QUERY_HELP =
  '/ filter: words match ID, sender, recipient or reason; from:ADDR to:ADDR domain:DOMAIN reason:TEXT queue:deferred,hold age>1h age<30m';

const KEYS = ['from', 'sender', 'to', 'rcpt', 'recipient', 'domain', 'reason', 'queue', 'age'] as const;

export interface QueueQuery {
  filter: QueueFilter;
  /** Terms that could not be understood (shown, and ignored). */
  problems: string[];
}

/** The `/` text of the Queue screen as a filter over `postqueue -j` messages. */
export function parseQueueQuery(text: string): QueueQuery {
  const filter: QueueFilter = {};
  const problems: string[] = [];
  const words: string[] = [];
  for (const term of queryTerms(text, KEYS)) {
    switch (term.key) {
      case undefined:
        words.push(term.value);
        break;
      case 'from':
      case 'sender':
        filter.sender = term.value;
        break;
      case 'to':
      case 'rcpt':
      case 'recipient':
        filter.recipient = term.value;
        break;
      case 'domain':
        filter.domain = term.value.replace(/^@/, '');
        break;
      case 'reason':
        filter.reason = term.value;
        break;
      case 'queue': {
        const names = term.value.toLowerCase().split(',').filter(Boolean);
        const known = names.filter((n): n is QueueName => (QUEUE_NAMES as readonly string[]).includes(n));
        if (known.length !== names.length) problems.push(`queue:${term.value} (queues: ${QUEUE_NAMES.join(', ')})`);
        if (known.length > 0) filter.queueName = known;
        break;
      }
      case 'age': {
        const seconds = parseDurationSeconds(term.value);
        // age>1h and age:1h: older than; age<30m: younger than.
        if (seconds === undefined) problems.push(`age${term.op ?? ''}${term.value} (try age>1h or age<30m)`);
        else if (term.op === '<') filter.maxAgeSeconds = seconds;
        else filter.minAgeSeconds = seconds;
        break;
      }
      default:
        break;
    }
  }
  if (words.length > 0) filter.text = words.join(' ');
  return { filter, problems };
}
