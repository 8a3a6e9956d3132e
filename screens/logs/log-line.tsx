import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { LogLevel } from '../../src/dms/mail-log.js';
import type { LogEntry } from '../../src/services/log-follow.js';
import { tint, type Theme } from '../../src/ui/theme.js';
import { highlightRanges, type LogQuery } from './log-query.js';
import { cell, displayWidth } from '../../src/ui/cell.js';

const LEVEL_COLORS: Record<LogLevel, string | undefined> = { error: 'red', warning: 'yellow', info: undefined, debug: 'gray' };
/** Without colour (NO_COLOR), the level is written out. */
const LEVEL_TAGS: Record<LogLevel, string> = { error: 'ERR ', warning: 'WRN ', info: '    ', debug: 'dbg ' };
const SERVICE_WIDTH = 16;
/** The member column of a stack's merged logs (`mta`, `groupware` …), unless the labels ask for more. */
const MEMBER_WIDTH = 10;
const MEMBER_WIDTH_MAX = 18;

/** A member column as wide as the longest label (docker-dovecot's `exim-int-mailout`), within bounds. */
export function memberColumnWidth(labels: readonly string[]): number {
  return Math.min(MEMBER_WIDTH_MAX, Math.max(MEMBER_WIDTH, ...labels.map((l) => displayWidth(l) + 1)));
}

/** `11-22 14:02:03` in UTC (DMS's default zone), or blanks for a line without a time. */
export function shortTime(time: number | undefined): string {
  if (time === undefined || Number.isNaN(time)) return '              ';
  return new Date(time).toISOString().slice(5, 19).replace('T', ' ');
}

/** The text a line shows after its time: service, then the message (the whole line when it has no service). */
export function lineText(entry: LogEntry): { service: string; message: string } {
  return { service: cell(entry.service, SERVICE_WIDTH), message: entry.message };
}

/** Splits text into plain and highlighted parts. */
function Highlighted({ text, ranges, theme }: { text: string; ranges: [number, number][]; theme: Theme }): ReactNode {
  if (ranges.length === 0) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <Text key={start} inverse={!theme.color} backgroundColor={tint(theme, 'yellow')} color={tint(theme, 'black')}>
        {text.slice(start, end)}
      </Text>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

export interface LogLineProps {
  entry: LogEntry;
  selected: boolean;
  timestamps: boolean;
  query: LogQuery | undefined;
  theme: Theme;
  memberWidth?: number;
}

/** One log line: time, service, message; coloured by level (no colour with NO_COLOR), search matches highlighted. */
export function LogLine({ entry, selected, timestamps, query, theme, memberWidth = MEMBER_WIDTH }: LogLineProps): ReactNode {
  const { service, message } = lineText(entry);
  const color = entry.notice ? 'cyan' : LEVEL_COLORS[entry.level];
  const ranges = query ? highlightRanges(message, query) : [];
  return (
    <Text wrap="truncate" inverse={selected} bold={entry.notice} color={color ? tint(theme, color) : undefined} dimColor={!theme.color && entry.level === 'debug'}>
      {timestamps ? `${shortTime(entry.time)} ` : ''}
      {entry.member !== undefined ? cell(entry.member, memberWidth) : ''}
      {service}
      {theme.color ? '' : LEVEL_TAGS[entry.level]}
      <Highlighted text={message} ranges={ranges} theme={theme} />
    </Text>
  );
}
