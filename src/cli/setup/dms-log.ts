import { visibleText } from '../../dms/terminal-text.js';

/**
 * Diagnostics in DMS's log line shape, `<time> <LEVEL> <script>: <message>`, on stderr, so scripts and people that
 * read DMS's output find the same thing. DMS's scripts always colour the level; we never do.
 */
export type LogLevel = 'ERROR' | 'WARN ' | 'INFO ';

/** One line, always: anything in `message` that a terminal would act on (it may quote input) is shown as an escape. */
export function logLine(level: LogLevel, script: string, message: string, now = new Date()): string {
  return `${rfc3339Seconds(now)} ${level} ${script}: ${visibleText(message)}\n`;
}

/** `date --rfc-3339=seconds`: local time with its offset, e.g. 2026-11-22 14:02:03+01:00. */
function rfc3339Seconds(date: Date): string {
  const pad = (n: number): string => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}
