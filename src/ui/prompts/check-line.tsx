import { Text } from 'ink';
import { useMemo, type ReactNode } from 'react';
import { detectTheme, tint } from '../theme.js';

export type LineStatus = 'ok' | 'warn' | 'fail' | 'running' | 'skipped';

const COLORS: Record<LineStatus, string> = { ok: 'green', warn: 'yellow', fail: 'red', running: 'cyan', skipped: 'gray' };

/** One result line: a symbol for its status (ASCII on plain terminals), a title, what was found. */
export function CheckLine({ status, title, message }: { status: LineStatus; title: string; message: string }): ReactNode {
  const theme = useMemo(() => detectTheme(), []);
  const symbol = { ok: theme.symbols.ok, warn: theme.symbols.warn, fail: theme.symbols.fail, running: theme.symbols.pending, skipped: '-' }[status];
  return (
    <Text>
      <Text color={tint(theme, COLORS[status])}>{symbol}</Text> <Text bold>{title}</Text> {message}
    </Text>
  );
}
