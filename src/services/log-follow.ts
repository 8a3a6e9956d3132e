import { parseContainerLine, parseMailLogLine, traceQueueId, type LogTimeContext, type MailLogEntry } from '../dms/mail-log.js';
import { DEFAULT_RING_CAPACITY, RingBuffer } from '../dms/ring-buffer.js';
import { sanitizeForTerminal } from '../dms/terminal-text.js';
import type { LogEvent, Target } from '../target/index.js';
import { FAIL2BAN_LOG } from './bans.js';
import { LogMerger } from './log-merge.js';
import type { MailServer } from './mail-server.js';

/**
 * The server's logs as one live stream: the container's output, /var/log/mail/mail.log and fail2ban.log, each line
 * parsed, merged in time order (a short reorder window) and kept in a ring buffer of bounded size.
 *
 * Memory: the buffer holds at most `capacity` entries (DEFAULT_RING_CAPACITY = 20,000 lines, ~10–20 MB); older
 * lines drop out and are counted in `buffer.dropped`.
 *
 * DMS copies mail.log to its output (`tail -F` at the end of start-mailserver.sh): while mail.log itself is
 * followed, those copies are skipped, so every mail line appears once.
 */

export const MAIL_LOG = '/var/log/mail/mail.log';

export type LogSource = 'container' | 'mail.log' | 'fail2ban.log';
export const LOG_SOURCES: readonly LogSource[] = ['container', 'mail.log', 'fail2ban.log'];

export interface LogEntry extends MailLogEntry {
  /** Position in everything the follower ever kept (ring buffer: `dropped + index`). */
  seq: number;
  source: LogSource;
  /** `time`, or the time the line arrived (or the previous line's) when it has none: what the merge orders by. */
  sortTime: number;
  /** A line mailwiz wrote about the stream itself (container stopped, back, file missing). */
  notice: boolean;
  /** In a stack of several containers: the member the line comes from (its role, or its name where roles repeat). */
  member?: string;
}

export interface FollowerOptions {
  capacity?: number;
  /** Lines of history to start with, per source. Default 200. */
  tail?: number;
  /** Reorder window (ms). Default 300. */
  windowMs?: number;
  /** How often merged lines are released to the buffer and listeners (ms). Default 100. */
  tickMs?: number;
  /** Offset of zone-less timestamps (DMS's TZ). Default 0 (UTC). */
  utcOffsetMinutes?: number;
  sources?: readonly LogSource[];
  /** The stack member the target is (tags its lines), and the other members whose output merges in. */
  member?: string;
  otherMembers?: readonly { label: string; target: Target }[];
  /** Log files inside members (docker-dovecot's Exims write nothing to their output), each in its own lane. */
  memberFiles?: readonly MemberLogFile[];
}

/** A log file inside a member, and how its lines read. */
export interface MemberLogFile {
  label: string;
  target: Target;
  path: string;
  parse: (line: string, context: LogTimeContext) => MailLogEntry;
  /** Absent until something is written to it (Exim's reject and panic logs): its absence is not worth a notice. */
  optional?: boolean;
}

export interface FollowUpdate {
  /** Entries added to the buffer by this update. */
  added: number;
  /** Notices (restart, missing file) among them, as text. */
  notices: string[];
}

type Listener = (update: FollowUpdate) => void;

const FILES: Record<Exclude<LogSource, 'container'>, string> = { 'mail.log': MAIL_LOG, 'fail2ban.log': FAIL2BAN_LOG };
// A mail.log line as DMS copies it to the container output: RFC 3339 or traditional syslog timestamp, then a host.
const SYSLOG_PREFIX = /^(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\S* |[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} )\S+ /;
// What `tail -F` says about the file it follows (its stderr is merged into the stream).
const TAIL_NOTICE = /^tail: /;
// tail -F on a file that does not exist yet, and when it appears.
const ABSENT_FILE = /cannot open|has appeared|No such file/;
// The engine's complaint when an exec is opened while the container restarts: not a log line (the restart is told).
const EXEC_FAILURE = /^(?:OCI runtime exec failed|cannot exec in a )/;
const DUPLICATE_NOTICE_MS = 5000;
/** How long a stack's merged view waits for every member's backlog before it shows what it has. */
const BACKLOG_HOLD_MS = 2000;

/** A notice from mailwiz about a stream, as an entry of the log. */
export function noticeEntry(message: string, source: LogSource, time: number): LogEntry {
  const text = sanitizeForTerminal(message);
  return {
    line: `mailwiz: ${text}`, time, host: '', service: 'mailwiz', pid: undefined, level: 'warning', queueId: undefined,
    addresses: {}, clientIp: undefined, status: undefined, jail: undefined, message: text,
    seq: -1, source, sortTime: time, notice: true,
  };
}

/** One line of a source as an entry (seq is set when it enters the buffer). */
export function parseSourceLine(source: LogSource, line: string, context: LogTimeContext, engineTime?: number): LogEntry {
  if (source !== 'container') return withSource(parseMailLogLine(line, context), source, engineTime);
  if (SYSLOG_PREFIX.test(line)) return withSource(parseMailLogLine(line, context), source, engineTime);
  const c = parseContainerLine(line, context);
  const entry: MailLogEntry = {
    line: c.line, time: c.time ?? engineTime, host: '', service: c.source, pid: undefined, level: c.level, queueId: undefined,
    addresses: {}, clientIp: undefined, status: undefined, jail: undefined, message: c.message,
  };
  return withSource(entry, source, engineTime);
}

/** An explicit literal, not a spread: a spread copy of 16 fields costs ~2.5× the memory per kept line. */
function withSource(e: MailLogEntry, source: LogSource, fallbackTime: number | undefined): LogEntry {
  const time = e.time ?? fallbackTime;
  return {
    line: e.line, time, host: e.host, service: e.service, pid: e.pid, level: e.level, queueId: e.queueId, addresses: e.addresses,
    clientIp: e.clientIp, status: e.status, jail: e.jail, message: e.message, seq: -1, source, sortTime: time ?? Number.NaN, notice: false,
  };
}

/** A line of a member's log file, read by the file's parser and tagged with the member. */
export function memberFileEntry(file: MemberLogFile, line: string, context: LogTimeContext): LogEntry {
  const entry = withSource(file.parse(line, context), 'mail.log', undefined);
  entry.member = file.label;
  return entry;
}

/** Files of the same folder and members in one phrase: `tail -F /var/log/exim/{main,reject}.log (a, b)`. */
function describeMemberFiles(files: readonly MemberLogFile[]): string[] {
  const groups = new Map<string, { names: Set<string>; labels: Set<string> }>();
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const folder = file.path.slice(0, slash + 1);
    const group = groups.get(folder) ?? { names: new Set<string>(), labels: new Set<string>() };
    group.names.add(file.path.slice(slash + 1));
    group.labels.add(file.label);
    groups.set(folder, group);
  }
  return [...groups].map(([folder, { names, labels }]) => {
    const list = [...names];
    const stems = list.every((n) => n.endsWith('.log')) ? list.map((n) => n.slice(0, -4)) : undefined;
    const what = list.length === 1 ? list[0] : stems ? `{${stems.join(',')}}.log` : `{${list.join(',')}}`;
    return `tail -F ${folder}${what} (${[...labels].join(', ')})`;
  });
}

/** Follows the server's logs until `stop()`. Listen with `subscribe`; read the lines from `buffer`. */
export class LogFollower {
  readonly buffer: RingBuffer<LogEntry>;
  private readonly sources: readonly LogSource[];
  private readonly merger: LogMerger<LogEntry>;
  private readonly listeners = new Set<Listener>();
  private readonly controller = new AbortController();
  private readonly lastTime = new Map<LogSource, number>();
  private readonly recentNotices = new Map<string, number>();
  private readonly context: LogTimeContext;
  private timer: NodeJS.Timeout | undefined;
  private mailLogFollowed = false;
  private pendingNotices: string[] = [];

  constructor(
    private readonly target: Target,
    private readonly options: FollowerOptions = {},
  ) {
    this.buffer = new RingBuffer<LogEntry>(options.capacity ?? DEFAULT_RING_CAPACITY);
    // Inside the container (LocalTarget) there is no container output to follow: its followLogs() is mail.log again.
    this.sources = options.sources ?? (target.kind === 'local' ? LOG_SOURCES.filter((s) => s !== 'container') : LOG_SOURCES);
    this.merger = new LogMerger<LogEntry>(LOG_SOURCES.length + (options.otherMembers?.length ?? 0) + (options.memberFiles?.length ?? 0), options.windowMs ?? 300);
    this.context = { utcOffsetMinutes: options.utcOffsetMinutes ?? 0 };
  }

  /** The commands behind the view (transparency). */
  describe(): string {
    const own = this.sources.map((s) => (s === 'container' ? 'docker logs -f' : `tail -F ${FILES[s]}`));
    // Member files first (they are where such a stack logs): `tail -F /var/log/exim/{main,reject}.log (a, b)`.
    return [
      ...describeMemberFiles(this.options.memberFiles ?? []),
      ...own,
      ...(this.options.otherMembers ?? []).map((m) => `docker logs -f (${m.label})`),
    ].join(' + ');
  }

  start(): this {
    if (this.timer) return this;
    this.mailLogFollowed = this.sources.includes('mail.log');
    for (const source of this.sources) void this.follow(source);
    const others = this.options.otherMembers ?? [];
    const files = this.options.memberFiles ?? [];
    if (others.length + files.length > 0) {
      const lanes = [...this.sources.map((s) => LOG_SOURCES.indexOf(s)), ...[...others, ...files].map((_, i) => LOG_SOURCES.length + i)];
      this.merger.awaitFirstLines(lanes, Date.now() + BACKLOG_HOLD_MS);
    }
    others.forEach((member, i) => void this.followMember(member, LOG_SOURCES.length + i));
    files.forEach((file, i) => void this.followMemberFile(file, LOG_SOURCES.length + others.length + i));
    this.timer = setInterval(() => this.release(), this.options.tickMs ?? 100);
    return this;
  }

  stop(): void {
    this.controller.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Entries held now (the last `capacity` lines). */
  entries(): LogEntry[] {
    return this.buffer.toArray();
  }

  private async follow(source: LogSource): Promise<void> {
    const file = source === 'container' ? undefined : FILES[source];
    const stream = this.target.followLogs({ file, tail: this.options.tail ?? 200, signal: this.controller.signal });
    try {
      for await (const event of stream) this.accept(source, event);
      if (!this.controller.signal.aborted) this.notice(source, `${this.streamName(source)} ended.`);
    } catch (error) {
      if (!this.controller.signal.aborted) this.notice(source, `${this.streamName(source)} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (source === 'mail.log') this.mailLogFollowed = false;
    }
  }

  /** Another member's container output, in its own merge lane, each line tagged with the member. */
  private async followMember(member: { label: string; target: Target }, lane: number): Promise<void> {
    const stream = member.target.followLogs({ tail: this.options.tail ?? 200, signal: this.controller.signal });
    try {
      for await (const event of stream) {
        const now = Date.now();
        if (event.kind === 'status') {
          this.merger.add(lane, { ...noticeEntry(event.message, 'container', now), member: member.label }, now);
          continue;
        }
        const entry = parseSourceLine('container', event.line, this.context, event.time?.getTime());
        entry.member = member.label;
        if (Number.isNaN(entry.sortTime)) entry.sortTime = now;
        this.merger.add(lane, entry, now);
      }
    } catch (error) {
      if (!this.controller.signal.aborted) this.notice('container', `${member.label}'s output failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A file inside another member, parsed by its own reader, its lines tagged with the member. */
  private async followMemberFile(file: MemberLogFile, lane: number): Promise<void> {
    const stream = file.target.followLogs({ file: file.path, tail: this.options.tail ?? 200, signal: this.controller.signal });
    let last = Date.now();
    try {
      for await (const event of stream) {
        const now = Date.now();
        const notice = (text: string): void => this.merger.add(lane, { ...noticeEntry(`${file.label}: ${text}`, 'mail.log', now), member: file.label }, now);
        if (event.kind === 'status') {
          notice(event.message);
          continue;
        }
        if (EXEC_FAILURE.test(event.line)) continue;
        if (TAIL_NOTICE.test(event.line)) {
          if (!file.optional || !ABSENT_FILE.test(event.line)) notice(`${file.path}: ${event.line.replace(TAIL_NOTICE, '')}`);
          else this.merger.heard(lane);
          continue;
        }
        const entry = memberFileEntry(file, event.line, this.context);
        if (Number.isNaN(entry.sortTime)) entry.sortTime = last;
        last = entry.sortTime;
        this.merger.add(lane, entry, now);
      }
    } catch (error) {
      if (!this.controller.signal.aborted) this.notice('mail.log', `${file.label}'s ${file.path} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private streamName(source: LogSource): string {
    return source === 'container' ? 'The container output' : FILES[source];
  }

  private accept(source: LogSource, event: LogEvent): void {
    if (event.kind === 'status') return this.notice(source, event.message);
    const { line } = event;
    if (source === 'container' && this.mailLogFollowed && SYSLOG_PREFIX.test(line)) return;
    if (source !== 'container' && EXEC_FAILURE.test(line)) return;
    if (source !== 'container' && TAIL_NOTICE.test(line)) return this.notice(source, `${FILES[source]}: ${line.replace(TAIL_NOTICE, '')}`);
    const now = Date.now();
    const entry = parseSourceLine(source, line, this.context, event.time?.getTime());
    if (this.options.member !== undefined) entry.member = this.options.member;
    if (Number.isNaN(entry.sortTime)) entry.sortTime = this.lastTime.get(source) ?? now;
    this.lastTime.set(source, entry.sortTime);
    this.merger.add(LOG_SOURCES.indexOf(source), entry, now);
  }

  /** Restart and file notices: once each even when all three streams report the same restart. */
  private notice(source: LogSource, message: string): void {
    const now = Date.now();
    const seen = this.recentNotices.get(message);
    this.recentNotices.set(message, now);
    if (seen !== undefined && now - seen < DUPLICATE_NOTICE_MS) return;
    this.merger.add(LOG_SOURCES.indexOf(source), noticeEntry(message, source, now), now);
    this.pendingNotices.push(sanitizeForTerminal(message));
  }

  /** Moves merged lines into the buffer and tells the listeners. */
  private release(): void {
    const released = this.merger.drain(Date.now());
    const notices = this.pendingNotices;
    if (released.length === 0 && notices.length === 0) return;
    this.pendingNotices = [];
    for (const entry of released) {
      entry.seq = this.buffer.total;
      this.buffer.push(entry);
    }
    const update = { added: released.length, notices };
    for (const listener of this.listeners) listener(update);
  }
}

/** Starts following the server's logs. */
export function followServerLogs(server: MailServer, options?: FollowerOptions): LogFollower {
  return new LogFollower(server.target, options).start();
}

export const TRACE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Every line of one message's life from mail.log on the server (the current file and the last rotated one), in
 * order: lines the buffer no longer holds are found too. The queue ID is checked before it is searched for.
 */
export async function traceOnServer(server: MailServer, queueId: string): Promise<LogEntry[]> {
  if (!/^[0-9A-Za-z]{5,32}$/.test(queueId)) return [];
  const result = await server.target.exec(['grep', '-s', '-h', '-F', '-e', queueId, '--', `${MAIL_LOG}.1`, MAIL_LOG], { maxOutputBytes: TRACE_MAX_BYTES });
  const context = { referenceTime: Date.now() };
  const entries = result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => parseSourceLine('mail.log', line, context));
  return traceQueueId(entries, queueId) as LogEntry[];
}

/** The trace from the server and the lines of the buffer it lacks, in time order (stable). */
export function mergeTraces(fromServer: readonly LogEntry[], fromBuffer: readonly LogEntry[]): LogEntry[] {
  const seen = new Set(fromServer.map((e) => e.line));
  const merged = [...fromServer, ...fromBuffer.filter((e) => !seen.has(e.line))];
  return merged
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.sortTime || 0) - (b.entry.sortTime || 0) || a.index - b.index)
    .map((x) => x.entry);
}
