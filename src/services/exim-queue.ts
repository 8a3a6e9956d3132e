import { describeExim, EXIM_BINARIES, EXIM_CONFIGS, eximArgv, findEximCommand, type EximCommand } from '../formats/exim/exim-command.js';
import { isEximMessageId } from '../formats/exim/message-id.js';
import { MSGLOG_MARK, parseMessageLogs } from '../formats/exim/msglog.js';
import { parseEximQueue, type EximQueuedMessage } from '../formats/exim/queue-listing.js';
import type { QueuedMessage } from '../dms/postqueue.js';
import { sanitizeForTerminal } from '../dms/terminal-text.js';
import type { Target } from '../target/index.js';
import { ServiceError } from './errors.js';
import { splitMessage, type QueueActionResult, type QueuedMessageText, type QueueSnapshot } from './queue.js';

/**
 * An Exim queue (docker-dovecot's three instances, or Debian's exim4): list it with the reason of every waiting
 * recipient in one call (`exim -bp`, then the message logs), act on messages (`-Mrm`, `-Mf`, `-Mt`, `-M`, `-Mg`),
 * read one (`-Mvh`, `-Mvb`), run the whole queue (`-qff`). Message IDs are checked against Exim's two formats
 * before they reach a command; they travel on stdin, so a selection of thousands is one call.
 */

export type EximAction = 'remove' | 'freeze' | 'thaw' | 'deliver' | 'bounce';

export const EXIM_ACTION_FLAGS: Readonly<Record<EximAction, string>> = { remove: '-Mrm', freeze: '-Mf', thaw: '-Mt', deliver: '-M', bounce: '-Mg' };

/** Lines kept from the end of each message log: a message deferred for days has hundreds. */
const MSGLOG_LINES = 40;

/** Prints the queue, then the end of each message log after a `\x1e<id>` line; "$@" is the Exim command. */
const LIST_SCRIPT = `"$@" -bp || exit $?
spool=$("$@" -bP -n spool_directory) || exit $?
set -- "$spool"/msglog/* "$spool"/msglog/*/*
# One awk for every message log (thousands of messages), keeping the last lines of each.
for f; do [ -f "$f" ] && printf '%s\\0' "$f"; done | xargs -0 -r awk -v keep=${MSGLOG_LINES} '
function flush(  i) { if (name == "") return; printf "${MSGLOG_MARK}%s\\n", name; for (i = (count > keep ? count - keep : 0); i < count; i++) print kept[i % keep] }
FNR == 1 { flush(); n = split(FILENAME, part, "/"); name = part[n]; count = 0 }
{ kept[count % keep] = $0; count++ }
END { flush() }'`;

/** Finds the Exim command: the daemon's command line, else the first binary (and docker-dovecot's config) present. */
const LOCATE_SCRIPT = `for p in /proc/[0-9]*/cmdline; do tr '\\000' ' ' < "$p" 2>/dev/null; echo; done
echo '${MSGLOG_MARK}'
for f in ${[...EXIM_BINARIES, ...EXIM_CONFIGS].join(' ')}; do [ -e "$f" ] && echo "$f"; done
exit 0`;

/** Runs Exim with the action flag on each ID read from stdin (the IDs are data, never program text). */
const ACTION_SCRIPT = `flag="$1"; shift
rc=0; n=0
while IFS= read -r id; do
  if "$@" "$flag" "$id" >/dev/null 2>&1; then n=$((n+1)); else rc=1; fi
done
echo "$n"
exit $rc`;

export async function locateExim(target: Target, labels?: Readonly<Record<string, string>>): Promise<EximCommand> {
  const result = await target.exec(['sh', '-c', LOCATE_SCRIPT]);
  const [processes = '', existing = ''] = result.stdout.split(`${MSGLOG_MARK}\n`);
  const found = findEximCommand({ processes: processes.split('\n'), existing: existing.split('\n').filter(Boolean), labels });
  if (!found) throw new ServiceError(`No Exim found in ${target.name}: no running exim -bd and none of ${EXIM_BINARIES.join(', ')}.`);
  return found;
}

/** What the queue view runs, shown on screen. */
export function eximListCommand(command: EximCommand): string {
  return describeExim(command, '-bp');
}

export async function readEximQueue(target: Target, command: EximCommand): Promise<QueueSnapshot> {
  const readAt = Date.now();
  const result = await target.exec(['sh', '-c', LIST_SCRIPT, 'mailwiz-exim-queue', ...eximArgv(command)], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new ServiceError(`${eximListCommand(command)} failed: ${firstLine(result.stderr)}`);
  const cut = result.stdout.indexOf(MSGLOG_MARK);
  const listing = parseEximQueue(cut < 0 ? result.stdout : result.stdout.slice(0, cut));
  const logs = parseMessageLogs(cut < 0 ? '' : result.stdout.slice(cut));
  return {
    readAt,
    messages: listing.messages.map((message) => asQueuedMessage(message, logs.get(message.id), readAt)),
    malformed: listing.malformed.map((m) => ({ lineNumber: m.lineNumber, text: sanitizeForTerminal(m.text), problem: 'not an exim -bp entry' })),
  };
}

/**
 * In the shape the Queue screen shows for Postfix: frozen messages are held (`hold`), those with a failed attempt
 * deferred, the others not tried yet (`incoming`). Delivered recipients are left out.
 */
export function asQueuedMessage(message: EximQueuedMessage, log: { reasons: Map<string, string>; lastReason?: string } | undefined, readAt: number): QueuedMessage {
  const waiting = message.recipients.filter((r) => !r.delivered);
  const recipients = waiting.map((r) => ({ address: r.address, delayReason: log?.reasons.get(r.address) ?? (message.frozen ? log?.lastReason : undefined) }));
  const tried = recipients.some((r) => r.delayReason !== undefined);
  return {
    queueName: message.frozen ? 'hold' : tried ? 'deferred' : 'incoming',
    queueId: message.id,
    arrivalTime: Math.floor(readAt / 1000) - message.ageSeconds,
    size: message.size,
    forcedExpire: false,
    sender: message.sender === '' ? 'MAILER-DAEMON' : message.sender,
    recipients,
  };
}

export function checkEximIds(ids: Iterable<string>): string[] {
  const unique = [...new Set(ids)];
  const bad = unique.find((id) => !isEximMessageId(id));
  if (bad !== undefined) throw new ServiceError(`'${sanitizeForTerminal(bad)}' is not an Exim message ID.`);
  return unique;
}

export async function applyEximAction(target: Target, command: EximCommand, action: EximAction, ids: Iterable<string>): Promise<QueueActionResult> {
  const unique = checkEximIds(ids);
  if (unique.length === 0) return { requested: 0, affected: 0, summary: 'nothing selected' };
  const result = await target.exec(['sh', '-c', ACTION_SCRIPT, 'mailwiz-exim-action', EXIM_ACTION_FLAGS[action], ...eximArgv(command)], {
    stdin: `${unique.join('\n')}\n`,
    timeoutMs: 300_000,
  });
  const affected = Number(result.stdout.trim().split('\n').pop() ?? '0') || 0;
  const summary = `exim ${EXIM_ACTION_FLAGS[action]}: ${affected} of ${unique.length} message${unique.length === 1 ? '' : 's'}`;
  return { requested: unique.length, affected, summary };
}

/** A queue run that retries every message, frozen ones too (`-qff`), in the background of the container. */
export async function runEximQueue(target: Target, command: EximCommand): Promise<void> {
  const result = await target.exec(eximArgv(command, '-qff'), { timeoutMs: 300_000 });
  if (result.exitCode !== 0) throw new ServiceError(`${describeExim(command, '-qff')} failed: ${firstLine(result.stderr)}`);
}

/** Headers (`-Mvh`, Exim's spool form) and the start of the body (`-Mvb`) of one queued message. */
export async function readEximMessage(target: Target, command: EximCommand, id: string, maxBytes = 64 * 1024, bodyLines = 60): Promise<QueuedMessageText> {
  const [checked = ''] = checkEximIds([id]);
  const [headers, body] = await Promise.all([
    target.exec(eximArgv(command, '-Mvh', checked)),
    target.exec(['sh', '-c', '"$@" | head -c "$0"', String(maxBytes + 1), ...eximArgv(command, '-Mvb', checked)]),
  ]);
  if (headers.exitCode !== 0) throw new ServiceError(`Message ${checked} is no longer in the queue.`);
  return splitMessage(checked, `${spoolHeaders(headers.stdout)}\n\n${body.stdout.split('\n').slice(1).join('\n')}`, maxBytes, bodyLines);
}

/**
 * `-Mvh` prints the spool's header file: control lines, then each header as `NNNX name: value` (a length, a flag
 * letter or space). Only the headers are kept, as they appear in the message.
 */
export function spoolHeaders(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => /^\d{3}[A-Z* ] \S/.test(line));
  if (first < 0) return '';
  return lines
    .slice(first)
    .map((line) => line.replace(/^\d{3}[A-Z* ] /, ''))
    .join('\n')
    .trimEnd();
}

function firstLine(text: string): string {
  return sanitizeForTerminal(text.trim().split('\n')[0] ?? '') || 'no output';
}
