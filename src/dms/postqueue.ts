/**
 * The mail queue as `postqueue -j` prints it: one JSON object per message and line.
 *
 * Values are kept RAW (as Postfix printed them) so that actions (`postsuper -d ID`, filters, copy) use the
 * real thing; anything shown on screen goes through `queuedMessageForDisplay`, which sanitizes it.
 * Queue IDs are checked to be alphanumeric, so they are safe as a command argument.
 */
import { isIP } from 'node:net';
import { sanitizeForTerminal } from './terminal-text.js';

export const QUEUE_NAMES = ['maildrop', 'hold', 'incoming', 'active', 'deferred'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface QueuedRecipient {
  address: string;
  /** Why delivery was deferred; absent for messages not yet tried (active, incoming, hold after a reset). */
  delayReason: string | undefined;
}

export interface QueuedMessage {
  queueName: QueueName;
  /** Short (hex, e.g. `372861822F2`) or long (e.g. `4jXWGX5fs8zCvC3`, `enable_long_queue_ids`) queue ID. */
  queueId: string;
  /** Unix seconds. */
  arrivalTime: number;
  /** Bytes. */
  size: number;
  /** Marked with `postsuper -e`: returned to the sender at the next delivery attempt. */
  forcedExpire: boolean;
  /** As postqueue prints it: the null sender `<>` reads `MAILER-DAEMON`. */
  sender: string;
  recipients: QueuedRecipient[];
  /** Which MTA of the stack holds it, when the queue view shows several (docker-dovecot's Exims). */
  instance?: string;
}

export interface MalformedLine {
  /** 1-based. */
  lineNumber: number;
  /** Sanitized for display. */
  text: string;
  problem: string;
}

export interface PostqueueListing {
  messages: QueuedMessage[];
  /** Lines that were not a queue entry; shown as a count and a list, never a thrown error. */
  malformed: MalformedLine[];
}

const QUEUE_ID = /^[0-9A-Za-z]{5,32}$/;

export function parsePostqueueJson(text: string): PostqueueListing {
  const listing: PostqueueListing = { messages: [], malformed: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const result = parseQueueEntry(line);
    if (typeof result === 'string') {
      listing.malformed.push({ lineNumber: i + 1, text: sanitizeForTerminal(line), problem: result });
    } else {
      listing.messages.push(result);
    }
  }
  return listing;
}

/** One line of `postqueue -j`: the message, or what is wrong with the line. */
export function parseQueueEntry(line: string): QueuedMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isRecord(value)) return 'not a JSON object';
  const { queue_name: queueName, queue_id: queueId, arrival_time: arrivalTime, message_size: size } = value;
  if (!isQueueName(queueName)) return `unknown queue_name ${JSON.stringify(queueName)}`;
  if (typeof queueId !== 'string' || !QUEUE_ID.test(queueId)) return 'missing or invalid queue_id';
  if (typeof arrivalTime !== 'number' || !Number.isFinite(arrivalTime)) return 'missing arrival_time';
  if (typeof value.sender !== 'string') return 'missing sender';
  if (!Array.isArray(value.recipients)) return 'missing recipients';
  const recipients: QueuedRecipient[] = [];
  for (const entry of value.recipients) {
    if (!isRecord(entry) || typeof entry.address !== 'string') return 'recipient without address';
    recipients.push({
      address: entry.address,
      delayReason: typeof entry.delay_reason === 'string' ? entry.delay_reason : undefined,
    });
  }
  return {
    queueName,
    queueId,
    arrivalTime,
    size: typeof size === 'number' && Number.isFinite(size) ? size : 0,
    forcedExpire: value.forced_expire === true,
    sender: value.sender,
    recipients,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isQueueName(value: unknown): value is QueueName {
  return (QUEUE_NAMES as readonly unknown[]).includes(value);
}

/** The same message with every text sanitized for the terminal. Never use its values for actions. */
export function queuedMessageForDisplay(message: QueuedMessage): QueuedMessage {
  return {
    ...message,
    sender: sanitizeForTerminal(message.sender),
    ...(message.instance === undefined ? {} : { instance: sanitizeForTerminal(message.instance) }),
    recipients: message.recipients.map((r) => ({
      address: sanitizeForTerminal(r.address),
      delayReason: r.delayReason === undefined ? undefined : sanitizeForTerminal(r.delayReason),
    })),
  };
}

/** The part after the last `@`, lower-cased; `''` for a bare local name. */
export function addressDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// Reason normalisation
// ---------------------------------------------------------------------------------------------------

/** The group name of recipients without a delay reason. */
export const NO_REASON = '(no reason yet)';

const SUSPENDED_PREFIX = /^delivery temporarily suspended: /i;
const HOST_WITH_ADDRESS = /(?<![^\s[\]()<>,;])[^\s[\]()<>,;]*\[[^\]\s]*\]/g;
const ANGLE_ADDRESS = /<[^<>]*>/g;
const NAME_ASSIGNMENT = /\bname=[^\s:;,]+/g;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
// Runs of hex digits, dots and 2+ colons: replaced when they are an IPv6 address (not `:2525:`, `14:02:03`).
const IPV6_CANDIDATE = /(?<![0-9A-Fa-f.:])[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*/g;
// Remote servers put per-attempt IDs in replies (Gmail: `a640c23a62f3a-abc123si1234.56 - gsmtp`).
const ID_TOKEN = /(?<![\w.-])(?=[\w.-]*\d)(?=[\w.-]*[A-Za-z])[\w.-]{10,}(?![\w.-])/g;

/**
 * A delay reason without the parts that differ between otherwise equal problems, so they group together.
 * The result is sanitized for the terminal (`sanitizeForTerminal` first). In this order:
 * 1. no reason → `NO_REASON`; a leading `delivery temporarily suspended: ` is dropped (Postfix adds it
 *    when it skips a destination it already failed to reach: same cause);
 * 2. `host[address]` → `*[*]` (`connect to mx1.gmail.com[142.250.1.1]:25` → `connect to *[*]:25`,
 *    `host mx.x[1.2.3.4] said:` → `host *[*] said:`);
 * 3. `<anything>` → `<*>` (the recipient echoed in a reply);
 * 4. `name=value` → `name=*` (the domain of a DNS lookup: the group's domain says it);
 * 5. remaining IPv4 / IPv6 addresses → `*`;
 * 6. tokens of 10+ characters mixing letters and digits → `*` (per-attempt IDs, host names with digits;
 *    enhanced status codes like `4.7.28` stay);
 * 7. runs of spaces collapsed, trimmed.
 * The domain is never part of the reason: groups are keyed by (reason, recipient domain).
 */
export function normaliseReason(reason: string | undefined): string {
  if (reason === undefined || reason.trim() === '') return NO_REASON;
  return sanitizeForTerminal(reason)
    .replace(SUSPENDED_PREFIX, '')
    .replace(HOST_WITH_ADDRESS, '*[*]')
    .replace(ANGLE_ADDRESS, '<*>')
    .replace(NAME_ASSIGNMENT, 'name=*')
    .replace(IPV4, '*')
    .replace(IPV6_CANDIDATE, (run) => (isIP(run) === 6 ? '*' : run))
    .replace(ID_TOKEN, '*')
    .replace(/ {2,}/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------------
// Grouping
// ---------------------------------------------------------------------------------------------------

/** Groups' labels are sanitized for display; act on their `messages`, which hold the raw values. */
export interface MessageGroup {
  /** Distinct messages in the group. */
  count: number;
  /** Recipients that put their message in the group (≥ count). */
  recipientCount: number;
  /** Each message once, in input order. */
  messages: QueuedMessage[];
}

export interface ReasonGroup extends MessageGroup {
  /** Normalised (see `normaliseReason`): safe to display. */
  reason: string;
  /** Recipient domain (see `groupDomain`). */
  domain: string;
  /** One reason of the group as Postfix wrote it (sanitized), to show as an example. */
  example: string | undefined;
}

export interface DomainGroup extends MessageGroup {
  /** See `groupDomain`. */
  domain: string;
}

/** A recipient's domain as a group shows it: lower-case, sanitized; `''` for bare local names. */
export function groupDomain(address: string): string {
  return sanitizeForTerminal(addressDomain(address));
}

interface GroupKey<G> {
  key: string;
  create: () => G;
}

/**
 * Puts each message into the group of each of its recipients; a message with recipients in two groups is
 * in both (so `postsuper -d` on a group's messages also removes their other recipients).
 */
function groupRecipients<G extends MessageGroup>(
  messages: readonly QueuedMessage[],
  keyOf: (recipient: QueuedRecipient) => GroupKey<G>,
): G[] {
  const groups = new Map<string, G>();
  for (const message of messages) {
    for (const recipient of message.recipients) {
      const { key, create } = keyOf(recipient);
      let group = groups.get(key);
      if (group === undefined) {
        group = create();
        groups.set(key, group);
      }
      group.recipientCount++;
      if (group.messages.at(-1) !== message) group.messages.push(message);
    }
  }
  const list = [...groups.values()];
  for (const group of list) group.count = group.messages.length;
  return list;
}

function emptyGroup(): MessageGroup {
  return { count: 0, recipientCount: 0, messages: [] };
}

/** Groups by (normalised reason, recipient domain), largest first, then by reason and domain. */
export function groupByReason(messages: readonly QueuedMessage[]): ReasonGroup[] {
  const normalised = new Map<string | undefined, string>();
  const groups = groupRecipients<ReasonGroup>(messages, ({ address, delayReason }) => {
    let reason = normalised.get(delayReason);
    if (reason === undefined) {
      reason = normaliseReason(delayReason);
      normalised.set(delayReason, reason);
    }
    const domain = groupDomain(address);
    return {
      key: `${reason}\u0000${domain}`,
      create: () => ({ ...emptyGroup(), reason, domain, example: delayReason === undefined ? undefined : sanitizeForTerminal(delayReason) }),
    };
  });
  return groups.sort((a, b) => b.count - a.count || compareText(a.reason, b.reason) || compareText(a.domain, b.domain));
}

/** Groups by recipient domain, largest first, then by domain. */
export function groupByRecipientDomain(messages: readonly QueuedMessage[]): DomainGroup[] {
  const groups = groupRecipients<DomainGroup>(messages, ({ address }) => {
    const domain = groupDomain(address);
    return { key: domain, create: () => ({ ...emptyGroup(), domain }) };
  });
  return groups.sort((a, b) => b.count - a.count || compareText(a.domain, b.domain));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------
// Filtering and sorting
// ---------------------------------------------------------------------------------------------------

/** Every field is optional; given ones must all match. Text matches are case-insensitive substrings. */
export interface QueueFilter {
  /** Matches queue ID, sender, any recipient or any reason: what `/` filters by. */
  text?: string;
  sender?: string;
  recipient?: string;
  /** A recipient's domain, exactly (case-insensitive). */
  domain?: string;
  /** Substring of any recipient's raw delay reason. */
  reason?: string;
  queueName?: QueueName | readonly QueueName[];
  /** Seconds since arrival, inclusive bounds. */
  minAgeSeconds?: number;
  maxAgeSeconds?: number;
}

/** The messages that match, in input order. `nowSeconds` is the Unix time ages are measured from. */
export function filterQueue(messages: readonly QueuedMessage[], filter: QueueFilter, nowSeconds: number): QueuedMessage[] {
  const tests = filterTests(filter, nowSeconds);
  return messages.filter((m) => tests.every((test) => test(m)));
}

type MessageTest = (message: QueuedMessage) => boolean;

function filterTests(filter: QueueFilter, nowSeconds: number): MessageTest[] {
  const tests: MessageTest[] = [];
  const contains = (needle: string | undefined, fields: (m: QueuedMessage) => Iterable<string | undefined>): void => {
    if (needle === undefined || needle === '') return;
    const lower = needle.toLowerCase();
    tests.push((m) => {
      for (const field of fields(m)) if (field !== undefined && field.toLowerCase().includes(lower)) return true;
      return false;
    });
  };
  contains(filter.text, (m) => [m.queueId, m.sender, ...m.recipients.map((r) => r.address), ...m.recipients.map((r) => r.delayReason)]);
  contains(filter.sender, (m) => [m.sender]);
  contains(filter.recipient, (m) => m.recipients.map((r) => r.address));
  contains(filter.reason, (m) => m.recipients.map((r) => r.delayReason));
  if (filter.domain !== undefined && filter.domain !== '') {
    const domain = filter.domain.toLowerCase();
    tests.push((m) => m.recipients.some((r) => addressDomain(r.address) === domain));
  }
  if (filter.queueName !== undefined) {
    const names: readonly QueueName[] = typeof filter.queueName === 'string' ? [filter.queueName] : filter.queueName;
    tests.push((m) => names.includes(m.queueName));
  }
  const { minAgeSeconds: min, maxAgeSeconds: max } = filter;
  if (min !== undefined) tests.push((m) => nowSeconds - m.arrivalTime >= min);
  if (max !== undefined) tests.push((m) => nowSeconds - m.arrivalTime <= max);
  return tests;
}

export type QueueSortColumn = 'queueId' | 'queueName' | 'arrivalTime' | 'size' | 'sender' | 'recipient' | 'domain' | 'reason' | 'recipients';
export type SortDirection = 'asc' | 'desc';

const SORT_KEYS: Record<QueueSortColumn, (m: QueuedMessage) => string | number> = {
  queueId: (m) => m.queueId,
  queueName: (m) => QUEUE_NAMES.indexOf(m.queueName),
  arrivalTime: (m) => m.arrivalTime,
  size: (m) => m.size,
  sender: (m) => m.sender.toLowerCase(),
  recipient: (m) => (m.recipients[0]?.address ?? '').toLowerCase(),
  domain: (m) => addressDomain(m.recipients[0]?.address ?? ''),
  reason: (m) => (m.recipients[0]?.delayReason ?? '').toLowerCase(),
  recipients: (m) => m.recipients.length,
};

/**
 * A sorted copy. Columns about recipients use the first recipient. Ties keep input order in both
 * directions (age = `arrivalTime` reversed: oldest first is `arrivalTime` `asc`).
 */
export function sortQueue(messages: readonly QueuedMessage[], column: QueueSortColumn, direction: SortDirection = 'asc'): QueuedMessage[] {
  const keyOf = SORT_KEYS[column];
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = messages.map((message, index) => ({ message, index, key: keyOf(message) }));
  keyed.sort((a, b) => sign * compareKeys(a.key, b.key) || a.index - b.index);
  return keyed.map((k) => k.message);
}

function compareKeys(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b));
}
