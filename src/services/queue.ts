import { parsePostqueueJson, type PostqueueListing } from '../dms/postqueue.js';
import { sanitizeForTerminal, sanitizeLines } from '../dms/terminal-text.js';
import { printable } from '../dms/validate.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

/**
 * The Postfix mail queue: list it (`postqueue -j`), act on messages (`postsuper`, `postqueue -i/-f`) and read one
 * (`postcat -q`). Queue IDs go to the server on standard input, never in argv, so a selection of 10,000 messages
 * is one command; each ID is checked to be alphanumeric first.
 */

export const LIST_COMMAND = ['postqueue', '-j'] as const;

export interface QueueSnapshot extends PostqueueListing {
  /** When the listing was taken (ms since the epoch): ages are measured from here. */
  readAt: number;
}

/** `bounce`: give up, return each message to its sender as undeliverable (Postfix: expire and retry; Exim: -Mg). */
export type QueueAction = 'delete' | 'hold' | 'release' | 'requeue' | 'flush' | 'bounce';

export interface QueueActionResult {
  /** Distinct IDs sent to the server. */
  requested: number;
  /** What Postfix reports it did (postsuper's count); for `flush`, the IDs it was asked to retry. */
  affected: number;
  /** Postfix's summary line, sanitized. */
  summary: string;
}

export interface QueuedMessageText {
  queueId: string;
  /** Header lines as they are in the message (continuation lines start with white space), sanitized. */
  headers: string[];
  /** The first lines of the body, sanitized. */
  body: string[];
  /** The message is longer than what was read. */
  truncated: boolean;
}

const POSTSUPER_FLAGS: Record<Exclude<QueueAction, 'flush'>, string> = { delete: '-d', hold: '-h', release: '-H', requeue: '-r', bounce: '-e' };
const POSTSUPER_SUMMARY = /^postsuper: (?:Deleted|Placed on hold|Released from hold|Requeued|Force-expired): (\d+) messages?$/m;
const QUEUE_ID = /^[A-Za-z0-9]{1,64}$/;

/** Retries each ID read from stdin; the program text is fixed, the IDs are data. */
const RETRY_SCRIPT = 'rc=0; while IFS= read -r id; do postqueue -i "$id" || rc=1; done; exit $rc';
/** Reads a message's headers and body, at most $2 bytes of it. */
const POSTCAT_SCRIPT = 'postcat -hb -q "$1" | head -c "$2"';

export const DEFAULT_MESSAGE_BYTES = 64 * 1024;
export const DEFAULT_BODY_LINES = 60;

/** The command an action runs, for the screen to show (transparency). */
export function actionCommand(action: QueueAction | 'flush-all'): string {
  if (action === 'flush-all') return 'postqueue -f';
  if (action === 'flush') return 'postqueue -i ID (for each ID)';
  const wake = action === 'requeue' ? ', postkick public pickup W' : action === 'bounce' ? ', then postqueue -i ID (for each ID)' : '';
  return `postsuper ${POSTSUPER_FLAGS[action]} - (IDs on stdin)${wake}`;
}

/** One `postqueue -j`, parsed. Lines that are not a queue entry are kept in `malformed`, never thrown. */
export async function readQueue(server: MailServer): Promise<QueueSnapshot> {
  const result = await server.target.exec(LIST_COMMAND);
  if (result.exitCode !== 0) throw new ServiceError(`postqueue -j failed: ${sanitizeForTerminal(result.stderr.trim())}`);
  return { ...parsePostqueueJson(result.stdout), readAt: Date.now() };
}

/** The distinct IDs, each checked to be a queue ID; throws before anything reaches the server. */
export function checkQueueIds(ids: Iterable<string>): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new ServiceError('No message selected.');
  const bad = unique.find((id) => !QUEUE_ID.test(id));
  if (bad !== undefined) throw new ServiceError(`'${sanitizeForTerminal(printable(bad.slice(0, 40)))}' is not a queue ID (letters and digits only).`);
  return unique;
}

/** Deletes, holds, releases, requeues or retries now the given messages. */
export async function applyQueueAction(server: MailServer, action: QueueAction, ids: Iterable<string>): Promise<QueueActionResult> {
  const checked = checkQueueIds(ids);
  const stdin = `${checked.join('\n')}\n`;
  if (action === 'flush') {
    const result = await server.target.exec(['sh', '-c', RETRY_SCRIPT, 'mailwiz-retry'], { stdin });
    if (result.exitCode !== 0) throw new ServiceError(`postqueue -i failed: ${firstLine(result.stderr)}`);
    return { requested: checked.length, affected: checked.length, summary: `asked Postfix to retry ${plural(checked.length, 'message')} now` };
  }
  const result = await server.target.exec(['postsuper', POSTSUPER_FLAGS[action], '-'], { stdin });
  const output = `${result.stderr}\n${result.stdout}`;
  const summary = POSTSUPER_SUMMARY.exec(output);
  if (result.exitCode !== 0 || !summary) throw new ServiceError(`postsuper ${POSTSUPER_FLAGS[action]} failed: ${firstLine(output)}`);
  // Requeued mail waits in maildrop until pickup's next poll (up to a minute): wake pickup, as postdrop would.
  if (action === 'requeue') await server.target.exec(['postkick', 'public', 'pickup', 'W']).catch(() => undefined);
  // An expired message bounces at its next delivery attempt: make that attempt now.
  if (action === 'bounce') await server.target.exec(['sh', '-c', RETRY_SCRIPT, 'mailwiz-retry'], { stdin }).catch(() => undefined);
  return { requested: checked.length, affected: Number(summary[1]), summary: sanitizeForTerminal(summary[0].replace(/^postsuper: /, '')) };
}

/** `postqueue -f`: every deferred message is tried again now. */
export async function flushQueue(server: MailServer): Promise<void> {
  const result = await server.target.exec(['postqueue', '-f']);
  if (result.exitCode !== 0) throw new ServiceError(`postqueue -f failed: ${firstLine(result.stderr)}`);
}

/** Headers and the start of the body of one queued message, read with a bound, sanitized for display. */
export async function readQueuedMessage(
  server: MailServer,
  queueId: string,
  options: { maxBytes?: number; bodyLines?: number } = {},
): Promise<QueuedMessageText> {
  const [id] = checkQueueIds([queueId]);
  const maxBytes = options.maxBytes ?? DEFAULT_MESSAGE_BYTES;
  const result = await server.target.exec(['sh', '-c', POSTCAT_SCRIPT, 'mailwiz-postcat', id!, String(maxBytes + 1)]);
  if (result.stdout === '' && /fatal/.test(result.stderr)) {
    const gone = /No such file/.test(result.stderr);
    throw new ServiceError(gone ? `Message ${id} is no longer in the queue.` : `postcat -q ${id} failed: ${firstLine(result.stderr)}`);
  }
  return splitMessage(id!, result.stdout, maxBytes, options.bodyLines ?? DEFAULT_BODY_LINES);
}

/** `postcat -hb` output → headers, then body lines after the first empty line. */
export function splitMessage(queueId: string, text: string, maxBytes: number, bodyLines: number): QueuedMessageText {
  const bytes = Buffer.from(text, 'utf8');
  const over = bytes.length > maxBytes;
  const lines = sanitizeLines(over ? bytes.subarray(0, maxBytes).toString('utf8') : text);
  const blank = lines.indexOf('');
  const headers = blank < 0 ? lines : lines.slice(0, blank);
  const rest = blank < 0 ? [] : lines.slice(blank + 1);
  return { queueId, headers, body: rest.slice(0, bodyLines), truncated: over || rest.length > bodyLines };
}

function firstLine(text: string): string {
  return sanitizeForTerminal(text.trim().split('\n')[0] ?? '') || 'no output';
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
