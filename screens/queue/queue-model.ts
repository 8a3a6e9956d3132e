import {
  filterQueue,
  groupByReason,
  groupByRecipientDomain,
  groupDomain,
  normaliseReason,
  QUEUE_NAMES,
  sortQueue,
  type DomainGroup,
  type QueueFilter,
  type QueueName,
  type QueueSortColumn,
  type QueuedMessage,
  type ReasonGroup,
  type SortDirection,
} from '../../src/dms/postqueue.js';

/** What the screen lists: messages, or groups with counts. */
export const VIEWS = ['list', 'reason', 'domain'] as const;
export type QueueView = (typeof VIEWS)[number];

export type QueueGroup = ReasonGroup | DomainGroup;

/** The group the user opened: its messages are listed. */
export type GroupScope = { view: 'reason'; reason: string; domain: string } | { view: 'domain'; domain: string };

export interface QueueSort {
  column: QueueSortColumn;
  direction: SortDirection;
}

/** The sortable columns, in the order `s` steps through them. */
export const SORT_COLUMNS: readonly { column: QueueSortColumn; label: string }[] = [
  { column: 'arrivalTime', label: 'age' },
  { column: 'queueName', label: 'queue' },
  { column: 'queueId', label: 'id' },
  { column: 'size', label: 'size' },
  { column: 'sender', label: 'sender' },
  { column: 'recipient', label: 'recipient' },
  { column: 'domain', label: 'domain' },
  { column: 'reason', label: 'reason' },
  { column: 'recipients', label: 'recipients' },
];

export function sortLabel(sort: QueueSort): string {
  const label = SORT_COLUMNS.find((c) => c.column === sort.column)?.label ?? sort.column;
  // Oldest first is arrivalTime ascending: say "age, oldest first" rather than an arrow that reads backwards.
  if (sort.column === 'arrivalTime') return `age, ${sort.direction === 'asc' ? 'oldest' : 'newest'} first`;
  return `${label} ${sort.direction === 'asc' ? '↑' : '↓'}`;
}

export function nextSort(sort: QueueSort): QueueSort {
  const index = SORT_COLUMNS.findIndex((c) => c.column === sort.column);
  return { column: SORT_COLUMNS[(index + 1) % SORT_COLUMNS.length]!.column, direction: 'asc' };
}

export function scopeLabel(scope: GroupScope): string {
  return scope.view === 'reason' ? `${scope.reason} — ${scope.domain || '(no domain)'}` : scope.domain || '(no domain)';
}

export function scopeOf(group: QueueGroup, view: Exclude<QueueView, 'list'>): GroupScope {
  return view === 'reason' && 'reason' in group ? { view, reason: group.reason, domain: group.domain } : { view: 'domain', domain: group.domain };
}

/** The messages of a group: those with a recipient in it (as groupByReason / groupByRecipientDomain put them). */
export function inScope(scope: GroupScope): (message: QueuedMessage) => boolean {
  const reasons = new Map<string | undefined, string>();
  const normalised = (reason: string | undefined): string => {
    let value = reasons.get(reason);
    if (value === undefined) reasons.set(reason, (value = normaliseReason(reason)));
    return value;
  };
  return (message) =>
    message.recipients.some(
      (r) => groupDomain(r.address) === scope.domain && (scope.view === 'domain' || normalised(r.delayReason) === scope.reason),
    );
}

/** The messages shown: filtered by `/`, limited to the opened group, sorted. */
export function shownMessages(
  messages: readonly QueuedMessage[],
  filter: QueueFilter,
  scope: GroupScope | undefined,
  sort: QueueSort,
  nowSeconds: number,
): QueuedMessage[] {
  const filtered = filterQueue(messages, filter, nowSeconds);
  const scoped = scope ? filtered.filter(inScope(scope)) : filtered;
  return sortQueue(scoped, sort.column, sort.direction);
}

export function groupsOf(messages: readonly QueuedMessage[], view: Exclude<QueueView, 'list'>): QueueGroup[] {
  return view === 'reason' ? groupByReason(messages) : groupByRecipientDomain(messages);
}

/** Messages per queue, for the summary line. */
export function queueCounts(messages: readonly QueuedMessage[]): Record<QueueName, number> {
  const counts = Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0])) as Record<QueueName, number>;
  for (const m of messages) counts[m.queueName]++;
  return counts;
}

/**
 * What an action works on: the marked messages (still in the queue) when any are marked, else the group under the
 * cursor, else the message under the cursor.
 */
export function actionTargets(
  all: readonly QueuedMessage[],
  marks: ReadonlySet<string>,
  current: { group?: QueueGroup; message?: QueuedMessage },
): { messages: QueuedMessage[]; from: 'marks' | 'group' | 'cursor' } {
  if (marks.size > 0) return { messages: all.filter((m) => marks.has(m.queueId)), from: 'marks' };
  if (current.group) return { messages: current.group.messages, from: 'group' };
  return { messages: current.message ? [current.message] : [], from: 'cursor' };
}
