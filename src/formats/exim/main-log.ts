import type { DeliveryStatus, LogLevel, LogTimeContext, MailLogEntry } from '../../dms/mail-log.js';
import { sanitizeForTerminal } from '../../dms/terminal-text.js';
import { EXIM_MESSAGE_ID } from './message-id.js';

/**
 * One line of Exim's main, reject or panic log, in the shape the Logs screen filters and traces for Postfix:
 *
 *    2026-12-05 18:50:30 1xZuq6-0000000000P-1MMf <= alice@example.test U=root P=local S=355 T="hello" for bob@remote.test
 *    2026-12-05 18:50:32 1xZuq6-0000000000P-1MMf == bob@remote.test R=smarthost T=remote_smtp defer (111): Connection refused
 *
 * The flag after the message ID says what happened: `<=` arrival, `=>` delivery, `->` another address of the same
 * delivery, `>>` cutthrough, `*>` suppressed (-N), `**` failed, `==` deferred; `Completed` ends a message. Lines
 * without an ID (rejections in reject.log, daemon and queue-run lines) keep their host address when they name one.
 */

const STAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?: ([+-]\d{4}))? (?:\[\d+\] )?/;
const MESSAGE_ID = new RegExp(`^(${EXIM_MESSAGE_ID}) `);
const FLAG = /^(<=|=>|->|>>|\*>|\*\*|==) (\S+)/;
const HOST_IP = /\bH=(?:\S+ )?(?:\([^)]*\) )?\[([0-9A-Fa-f:.]+)\]/;
const STATUS: Readonly<Record<string, DeliveryStatus>> = { '=>': 'sent', '->': 'sent', '>>': 'sent', '*>': 'sent', '**': 'bounced', '==': 'deferred' };
const WARNING = /\b(?:rejected|refused|Frozen|frozen|temporarily rejected|SMTP protocol (?:error|synchronization error)|lost connection|failed)\b/;

export type EximLogFile = 'main' | 'reject' | 'panic';
export const EXIM_LOG_FILES: readonly EximLogFile[] = ['main', 'reject', 'panic'];
/** Where docker-dovecot's build (LOG_FILE_PATH) and the exim stand-in write them. */
export const EXIM_LOG_DIR = '/var/log/exim';

export function parseEximLogLine(rawLine: string, file: EximLogFile = 'main', context: LogTimeContext = {}): MailLogEntry {
  const line = sanitizeForTerminal(rawLine);
  const stamp = STAMP.exec(line);
  // The message keeps its ID in front, as Postfix's lines do: the screen shows it and `id:` finds it.
  const message = stamp ? line.slice(stamp[0].length) : line;
  const id = MESSAGE_ID.exec(message);
  const flag = FLAG.exec(id ? message.slice(id[0].length) : message);
  const addresses: MailLogEntry['addresses'] = {};
  if (flag?.[1] === '<=') addresses.from = flag[2] === '<>' ? '' : flag[2];
  else if (flag) addresses.to = flag[2];
  return {
    line,
    time: stamp ? stampTime(stamp, context) : undefined,
    host: '',
    service: `exim/${file}`,
    pid: undefined,
    level: levelOf(file, flag?.[1], message),
    queueId: id?.[1],
    addresses,
    clientIp: HOST_IP.exec(message)?.[1],
    status: flag ? STATUS[flag[1] ?? ''] : undefined,
    jail: undefined,
    message,
  };
}

function levelOf(file: EximLogFile, flag: string | undefined, message: string): LogLevel {
  if (file === 'panic') return 'error';
  if (flag === '**' || file === 'reject') return 'warning';
  // A deferral is routine, as Postfix's status=deferred lines are: its reason's words do not make it a warning.
  if (flag !== undefined) return 'info';
  return WARNING.test(message) ? 'warning' : 'info';
}

/** Exim logs local time without a zone unless `log_timezone` is set: the context's offset applies then. */
function stampTime(stamp: RegExpExecArray, context: LogTimeContext): number {
  const [, year, month, day, hour, minute, second, fraction, zone] = stamp;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Math.round(Number(`0.${fraction ?? '0'}`) * 1000));
  const offset = zone ? (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) : (context.utcOffsetMinutes ?? 0);
  return utc - offset * 60_000;
}
