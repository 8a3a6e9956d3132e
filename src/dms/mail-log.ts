/**
 * DMS's logs as data: `/var/log/mail/mail.log` (rsyslog; both the traditional `Nov 22 14:02:03` and the
 * RFC 3339 `2026-11-22T14:02:03.123456+00:00` timestamp occur, even in one file), `/var/log/mail/fail2ban.log`
 * (fail2ban's own format), and the container's output (DMS's `_log` lines, supervisord lines, and the mail
 * log lines DMS copies there).
 *
 * Every parser sanitizes its input first (`sanitizeForTerminal`): all text fields are safe to print.
 * Parsers never throw: a line they do not recognise comes back with its text as `message`.
 */
import { isIP } from 'node:net';
import { EXIM_MESSAGE_ID } from '../formats/exim/message-id.js';
import { sanitizeForTerminal, sanitizeLines } from './terminal-text.js';

export type LogLevel = 'error' | 'warning' | 'info' | 'debug';
/** `force-expired` (after `postsuper -e`) reads `expired`. */
export type DeliveryStatus = 'sent' | 'deferred' | 'bounced' | 'expired';

export interface LogAddresses {
  from?: string;
  to?: string;
  origTo?: string;
  /** Dovecot's `user=<…>` (the login name). */
  user?: string;
}

export interface MailLogEntry {
  /** The whole line, sanitized. */
  line: string;
  /** Milliseconds since the epoch; undefined when the line has no timestamp we know. */
  time: number | undefined;
  host: string;
  /** The syslog tag without pid (`postfix/smtpd`, `dovecot`, `opendkim`) or fail2ban's logger (`fail2ban.actions`); `''` if none. */
  service: string;
  pid: number | undefined;
  level: LogLevel;
  /** Postfix queue ID the line is about (short hex or long form); also on opendkim's lines. */
  queueId: string | undefined;
  addresses: LogAddresses;
  /** The connecting client: `client=h[ip]`, `… from h[ip]`, Dovecot `rip=`, fail2ban `Ban`/`Unban`/`Found`. */
  clientIp: string | undefined;
  status: DeliveryStatus | undefined;
  /** fail2ban's jail (`[dovecot] Ban …`). */
  jail: string | undefined;
  /** What follows `service[pid]: ` (after fail2ban's level), or the whole line when not recognised. */
  message: string;
}

export interface LogTimeContext {
  /**
   * When the log is read (ms since epoch), to give traditional timestamps their year: a stamp more than a
   * day after it belongs to the year before. Default: now.
   */
  referenceTime?: number;
  /** Offset of zone-less timestamps (traditional syslog, fail2ban, supervisord) from UTC. Default 0 (DMS's TZ default). */
  utcOffsetMinutes?: number;
}

// ---------------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------------

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const DAY_MS = 86_400_000;

/** Milliseconds into the day of `hh:mm:ss` and the digits after its decimal point or comma, if any. */
function clockMs(clock: string, fraction: string | undefined): number {
  const seconds = (Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))) * 60 + Number(clock.slice(6, 8));
  const millis = fraction === undefined ? 0 : Number(fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0'));
  return seconds * 1000 + millis;
}

/** Minutes east of UTC of `Z` or `±hh:mm`. */
function zoneOffsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

/** `2026-11-22` + `14:02:03` (+ fraction) in a zone `offsetMinutes` east of UTC. */
function isoTime(date: string, clock: string, fraction: string | undefined, offsetMinutes: number): number {
  const day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return day + clockMs(clock, fraction) - offsetMinutes * 60_000;
}

function traditionalTime(month: string, day: string, clock: string, context: LogTimeContext | undefined): number | undefined {
  const monthIndex = MONTHS[month];
  if (monthIndex === undefined) return undefined;
  const reference = context?.referenceTime ?? Date.now();
  const offset = (context?.utcOffsetMinutes ?? 0) * 60_000;
  const year = new Date(reference + offset).getUTCFullYear();
  const inYear = (y: number): number => Date.UTC(y, monthIndex, Number(day)) + clockMs(clock, undefined) - offset;
  const time = inYear(year);
  return time > reference + DAY_MS ? inYear(year - 1) : time;
}

// ---------------------------------------------------------------------------------------------------
// Levels
// ---------------------------------------------------------------------------------------------------

const LEVEL_WORDS: Record<string, LogLevel> = {
  PANIC: 'error', FATAL: 'error', CRITICAL: 'error', CRIT: 'error', ERROR: 'error', ERRO: 'error',
  WARNING: 'warning', WARN: 'warning',
  NOTICE: 'info', INFO: 'info',
  DEBUG: 'debug', DEBG: 'debug', TRACE: 'debug', TRAC: 'debug', BLAT: 'debug', HEAVYDEBUG: 'debug',
};

/** A level name as fail2ban, supervisord, DMS, Postfix or Dovecot write it (any case); info if unknown. */
export function levelFromWord(word: string): LogLevel {
  return LEVEL_WORDS[word.toUpperCase()] ?? 'info';
}

const PRIORITY_WORDS: Record<string, string> = { emerg: 'PANIC', alert: 'CRIT', crit: 'CRIT', err: 'ERROR', error: 'ERROR', warn: 'WARN', warning: 'WARN', notice: 'NOTICE', info: 'INFO', debug: 'DEBUG' };

// Postfix: `warning: …`, `QUEUEID: warning: …`; Dovecot: `imap(user)<…>: Error: …`, `master: Warning: …`.
const LEVEL_PREFIX = /^(?:\S+?: )?(warning|error|fatal|panic):/i;

function levelFromMessage(message: string): LogLevel {
  const word = LEVEL_PREFIX.exec(message)?.[1];
  return word === undefined ? 'info' : levelFromWord(word);
}

// ---------------------------------------------------------------------------------------------------
// mail.log and fail2ban.log lines
// ---------------------------------------------------------------------------------------------------

// Prefixes only: the rest of the line is sliced off (a trailing `(.*)$` group costs 5× the time).
const TRADITIONAL = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}:\d{2}:\d{2}) (\S+) /;
const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2}) (\S+) /;
const FAIL2BAN = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3}) (fail2ban\S*)\s+\[(\d+)\]: ([A-Z]+)\s+(.*)$/;
const SYSLOG_TAG = /^([^\s[\]:]+)(?:\[(\d+)\])?: ?/;
/** busybox syslogd (the mlan images) writes the facility and priority after the host: `mx mail.info postfix/qmgr[9]:`. */
const FACILITY_PRIORITY = /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\.(emerg|alert|crit|err|error|warn|warning|notice|info|debug) /;

const SHORT_QUEUE_ID = '[0-9A-F]{6,20}';
// Long IDs (enable_long_queue_ids): base-52 time (10+ chars), 'z', base-51 inode — Postfix's vowel-free alphabet.
const LONG_QUEUE_ID = '[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]+';
const QUEUE_ID_PREFIX = new RegExp(`^(${SHORT_QUEUE_ID}|${LONG_QUEUE_ID}): `);
/** What a trace accepts: Postfix's queue IDs and Exim's message IDs. */
const QUEUE_ID_ONLY = new RegExp(`^(?:${SHORT_QUEUE_ID}|${LONG_QUEUE_ID}|${EXIM_MESSAGE_ID})$`);

const ADDRESS = /\b(from|to|orig_to|user)=<([^<>]*)>/g;
const ADDRESS_KEYS: Record<string, keyof LogAddresses> = { from: 'from', to: 'to', orig_to: 'origTo', user: 'user' };
const STATUS = /\bstatus=(sent|deferred|bounced|expired|force-expired)\b/;
const CLIENT = /(?:\bclient=|\bfrom )[^\s[\]]*\[([^\]]+)\]|\brip=([0-9A-Fa-f.:]+)/;
const FAIL2BAN_IP = '([0-9A-Fa-f.:]+(?:\\/\\d{1,3})?)';
const FAIL2BAN_CLIENT = new RegExp(`\\b(?:Ban|Unban|Found) ${FAIL2BAN_IP}|\\] ${FAIL2BAN_IP} already banned`);
const JAIL = /^\[([^\]]+)\] /;

/** One line of mail.log or fail2ban.log. */
export function parseMailLogLine(rawLine: string, context?: LogTimeContext): MailLogEntry {
  return parseSanitizedLine(sanitizeForTerminal(rawLine), context);
}

/** Every non-empty line of a log text. */
export function parseMailLog(text: string, context?: LogTimeContext): MailLogEntry[] {
  return sanitizeLines(text)
    .filter((line) => line !== '')
    .map((line) => parseSanitizedLine(line, context));
}

function parseSanitizedLine(line: string, context: LogTimeContext | undefined): MailLogEntry {
  return parseFail2banLine(line, context) ?? parseSyslogLine(line, context) ?? unknownLine(line);
}

function unknownLine(line: string): MailLogEntry {
  return {
    line, time: undefined, host: '', service: '', pid: undefined, level: levelFromMessage(line),
    queueId: undefined, addresses: {}, clientIp: undefined, status: undefined, jail: undefined, message: line,
  };
}

function parseSyslogLine(line: string, context: LogTimeContext | undefined): MailLogEntry | undefined {
  let time: number | undefined;
  let host: string;
  let prefix: string;
  const iso = RFC3339.exec(line);
  if (iso) {
    const [whole, date, clock, fraction, zone, isoHost] = iso;
    time = isoTime(date!, clock!, fraction, zoneOffsetMinutes(zone!));
    host = isoHost!;
    prefix = whole;
  } else {
    const traditional = TRADITIONAL.exec(line);
    if (!traditional) return undefined;
    const [whole, month, day, clock, tradHost] = traditional;
    time = traditionalTime(month!, day!, clock!, context);
    host = tradHost!;
    prefix = whole;
  }
  let rest = line.slice(prefix.length);
  const priority = FACILITY_PRIORITY.exec(rest);
  if (priority) rest = rest.slice(priority[0].length);
  const tag = SYSLOG_TAG.exec(rest);
  const service = tag?.[1] ?? '';
  const pid = tag?.[2] === undefined ? undefined : Number(tag[2]);
  const message = tag ? rest.slice(tag[0].length) : rest;
  const stated = levelFromMessage(message);
  return {
    line, time, host, service, pid,
    level: stated === 'info' && priority ? levelFromWord(PRIORITY_WORDS[priority[1]!] ?? 'info') : stated,
    queueId: QUEUE_ID_PREFIX.exec(message)?.[1],
    addresses: addressesIn(message),
    clientIp: message.includes('[') || message.includes('rip=') ? validIp(CLIENT.exec(message)) : undefined,
    status: message.includes('status=') ? statusIn(message) : undefined,
    jail: undefined,
    message,
  };
}

function parseFail2banLine(line: string, context: LogTimeContext | undefined): MailLogEntry | undefined {
  const match = FAIL2BAN.exec(line);
  if (!match) return undefined;
  const [, date, clock, millis, service, pid, level, message] = match;
  return {
    line,
    time: isoTime(date!, clock!, millis, context?.utcOffsetMinutes ?? 0),
    host: '', service: service!, pid: Number(pid), level: levelFromWord(level!),
    queueId: undefined, addresses: {},
    clientIp: validIp(FAIL2BAN_CLIENT.exec(message!)),
    status: undefined,
    jail: JAIL.exec(message!)?.[1],
    message: message!,
  };
}

function addressesIn(message: string): LogAddresses {
  const addresses: LogAddresses = {};
  if (!message.includes('=<')) return addresses;
  for (const [, key, value] of message.matchAll(ADDRESS)) {
    const field = ADDRESS_KEYS[key!]!;
    addresses[field] ??= value!;
  }
  return addresses;
}

function statusIn(message: string): DeliveryStatus | undefined {
  const status = STATUS.exec(message)?.[1];
  if (status === undefined) return undefined;
  return status === 'force-expired' ? 'expired' : (status as DeliveryStatus);
}

/** The first capture group that holds an IP address (a `/prefix` is allowed, as fail2ban bans networks). */
function validIp(match: RegExpExecArray | null): string | undefined {
  if (!match) return undefined;
  const candidate = match[1] ?? match[2];
  if (candidate === undefined) return undefined;
  const slash = candidate.indexOf('/');
  return isIP(slash < 0 ? candidate : candidate.slice(0, slash)) !== 0 ? candidate : undefined;
}

/**
 * The next queue ID of a message handed to another MTA: a content filter (Amavis) gives it back to Postfix, which
 * answers `queued as NEW`; an Exim relaying to the next Exim (docker-dovecot's smarthost) logs that one's answer,
 * `C="250 OK id=NEW"`.
 */
const HANDOFF = new RegExp(`(?:queued[ _]as:? (${SHORT_QUEUE_ID}|${LONG_QUEUE_ID})|C="250 [^"]*\\bid=(${EXIM_MESSAGE_ID}))(?![0-9A-Za-z])`);
const MAX_HANDOFFS = 4;

/**
 * Every entry of one message's life, in log order: the lines Postfix (and opendkim) tagged with the queue ID, lines
 * that mention it (`ID: sender non-delivery notification: CHILD` is in CHILD's trace), and the same for the queue
 * IDs it had before or after passing a content filter (Postfix → Amavis → Postfix: `status=sent (… queued as NEW)`).
 */
export function traceQueueId(entries: readonly MailLogEntry[], queueId: string): MailLogEntry[] {
  if (!QUEUE_ID_ONLY.test(queueId)) return [];
  const ids = new Set([queueId]);
  for (let round = 0; round < MAX_HANDOFFS; round++) {
    const known = ids.size;
    for (const e of entries) {
      const handoff = e.message.includes('queued') || e.message.includes('id=') ? HANDOFF.exec(e.message) : null;
      const next = handoff?.[1] ?? handoff?.[2];
      if (next === undefined || e.queueId === undefined) continue;
      if (ids.has(e.queueId) || ids.has(next)) ids.add(e.queueId).add(next);
    }
    if (ids.size === known) break;
  }
  const mentions = [...ids].map((id) => ({ id, pattern: new RegExp(`(?<![0-9A-Za-z])${id}(?![0-9A-Za-z])`) }));
  return entries.filter(
    (e) => (e.queueId !== undefined && ids.has(e.queueId)) || mentions.some(({ id, pattern }) => e.message.includes(id) && pattern.test(e.message)),
  );
}

// ---------------------------------------------------------------------------------------------------
// Container output
// ---------------------------------------------------------------------------------------------------

export interface ContainerLogEntry {
  /** The whole line, sanitized (DMS's colours removed). */
  line: string;
  time: number | undefined;
  level: LogLevel;
  /** `start-mailserver.sh`, `check-for-changes.sh`, `supervisord`, or a mail log service (`postfix/smtpd`); `''` if unknown. */
  source: string;
  message: string;
}

// DMS `_log`: `2026-11-22 14:08:21+00:00 INFO  start-mailserver.sh: Checking configuration` (upstream pads and colours the level).
const DMS_LOG = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})([+-]\d{2}:\d{2}|Z)\s+([A-Za-z]+)\s+([^\s:]+): ?(.*)$/;
// supervisord: `2026-11-22 14:08:21,123 INFO spawned: 'postfix' with pid 123`.
const SUPERVISORD = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3}) (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) (.*)$/;

/** One line of `docker logs` of a DMS container. */
export function parseContainerLine(rawLine: string, context?: LogTimeContext): ContainerLogEntry {
  const line = sanitizeForTerminal(rawLine);
  const dms = DMS_LOG.exec(line);
  if (dms) {
    const [, date, clock, zone, level, source, message] = dms;
    return { line, time: isoTime(date!, clock!, undefined, zoneOffsetMinutes(zone!)), level: levelFromWord(level!), source: source!, message: message! };
  }
  const supervisord = SUPERVISORD.exec(line);
  if (supervisord) {
    const [, date, clock, millis, level, message] = supervisord;
    const time = isoTime(date!, clock!, millis, context?.utcOffsetMinutes ?? 0);
    return { line, time, level: levelFromWord(level!), source: 'supervisord', message: message! };
  }
  const mail = parseSanitizedLine(line, context);
  return { line, time: mail.time, level: mail.level, source: mail.service, message: mail.message };
}
