import { Text } from 'ink';
import type { ReactNode } from 'react';
import { queuedMessageForDisplay, type QueuedMessage } from '../../src/dms/postqueue.js';
import { formatDuration } from '../../src/ui/format-duration.js';
import { tint, type Theme } from '../../src/ui/theme.js';
import type { QueueGroup } from './queue-model.js';
import { cell, displayWidth } from '../../src/ui/cell.js';

const QUEUE_COLORS: Partial<Record<string, string>> = { hold: 'yellow', active: 'green', incoming: 'cyan', maildrop: 'cyan' };

/** The widths that depend on the listing: the longest queue ID (Exim's are 23 characters) and the instance names. */
export interface QueueLayout {
  id: number;
  /** 0 when the queue has one instance. */
  instance: number;
}

export const POSTFIX_LAYOUT: QueueLayout = { id: 13, instance: 0 };

export function queueLayout(messages: readonly QueuedMessage[]): QueueLayout {
  let id = POSTFIX_LAYOUT.id;
  let instance = 0;
  for (const m of messages) {
    id = Math.max(id, displayWidth(m.queueId) + 1);
    if (m.instance) instance = Math.max(instance, Math.min(20, displayWidth(m.instance) + 1));
  }
  return { id: Math.min(id, 34), instance };
}

/** Column widths for a terminal width: fixed small columns, the rest shared by sender, recipients and reason. */
export function columnWidths(width: number, layout: QueueLayout = POSTFIX_LAYOUT): { instance: number; queue: number; id: number; age: number; size: number; sender: number; recipients: number; reason: number } {
  const fixed = { instance: layout.instance, queue: 9, id: layout.id, age: 8, size: 7 };
  const rest = Math.max(30, width - 2 - fixed.instance - fixed.queue - fixed.id - fixed.age - fixed.size);
  const sender = Math.floor(rest * 0.25);
  const recipients = Math.floor(rest * 0.3);
  return { ...fixed, sender, recipients, reason: Math.max(8, rest - sender - recipients) };
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)}K`;
  return `${(bytes / 1024 / 1024).toFixed(1)}M`;
}

export function QueueHeader({ width, sortColumn, layout }: { width: number; sortColumn: string; layout?: QueueLayout }): ReactNode {
  const w = columnWidths(width, layout);
  const title = (label: string, column: string): string => (column === sortColumn ? `${label}*` : label);
  return (
    <Text bold wrap="truncate">
      {'  '}
      {w.instance > 0 && cell('instance', w.instance)}
      {cell(title('queue', 'queueName'), w.queue)}
      {cell(title('id', 'queueId'), w.id)}
      {cell(title('age', 'arrivalTime'), w.age)}
      {cell(title('size', 'size'), w.size, 'right')}
      {cell(title('sender', 'sender'), w.sender)}
      {cell(title('recipients', 'recipient'), w.recipients)}
      {title('reason', 'reason')}
    </Text>
  );
}

/** One queued message; every text is sanitized here (the raw message is kept for actions). */
export function QueueRow({ message, selected, marked, nowSeconds, width, theme, layout }: {
  message: QueuedMessage; selected: boolean; marked: boolean; nowSeconds: number; width: number; theme: Theme; layout?: QueueLayout;
}): ReactNode {
  const shown = queuedMessageForDisplay(message);
  const w = columnWidths(width, layout);
  const first = shown.recipients[0];
  const recipients = `${first?.address ?? ''}${shown.recipients.length > 1 ? ` +${shown.recipients.length - 1}` : ''}`;
  const reason = shown.recipients.find((r) => r.delayReason)?.delayReason ?? '';
  const color = QUEUE_COLORS[message.queueName];
  return (
    <Text inverse={selected} wrap="truncate">
      {marked ? `${theme.symbols.ok} ` : '  '}
      {w.instance > 0 && cell(shown.instance ?? '', w.instance)}
      <Text color={color ? tint(theme, color) : undefined}>{cell(message.queueName + (message.forcedExpire ? '!' : ''), w.queue)}</Text>
      {cell(message.queueId, w.id)}
      {cell(formatDuration((nowSeconds - message.arrivalTime) * 1000), w.age)}
      {cell(humanSize(message.size), w.size, 'right')}
      {cell(shown.sender, w.sender)}
      {cell(recipients, w.recipients)}
      <Text dimColor={!selected}>{reason}</Text>
    </Text>
  );
}

/** One group: "312 messages  gmail.com  421 4.7.0 try again later" (the domain first: long reasons are cut). */
export function GroupRow({ group, selected, marked, domainWidth }: { group: QueueGroup; selected: boolean; marked: number; domainWidth: number }): ReactNode {
  const domain = group.domain || '(no domain)';
  return (
    <Text inverse={selected} wrap="truncate">
      {String(group.count).padStart(7)} {group.count === 1 ? 'message ' : 'messages'}  {'reason' in group ? `${cell(domain, domainWidth)} ${group.reason}` : domain}
      {marked > 0 ? `  (${marked} marked)` : ''}
    </Text>
  );
}

/** Width of the domain column of the grouped view: the longest domain shown, within bounds. */
export function domainColumnWidth(groups: readonly QueueGroup[]): number {
  return Math.min(32, Math.max(18, ...groups.map((g) => displayWidth(g.domain || '(no domain)') + 2)));
}
