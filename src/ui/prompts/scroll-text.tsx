import { Box, Text } from 'ink';
import { useMemo, useState, type ReactNode } from 'react';
import { detectTheme } from '../theme.js';
import { useWizardInput } from './use-wizard-input.js';

/** Lines in a window of `height` rows that ↑/↓ (and PgUp/PgDn) scroll; long lines are cut at the edge. */
export function ScrollText({ lines, height, active = true }: { lines: readonly string[]; height: number; active?: boolean }): ReactNode {
  const ascii = useMemo(() => detectTheme().ascii, []);
  const [top, setTop] = useState(0);
  const max = Math.max(0, lines.length - height);
  useWizardInput((_input, key) => {
    if (key.upArrow) setTop((t) => Math.max(0, t - 1));
    else if (key.downArrow) setTop((t) => Math.min(max, t + 1));
    else if (key.pageUp) setTop((t) => Math.max(0, t - height));
    else if (key.pageDown) setTop((t) => Math.min(max, t + height));
  }, active);
  const start = Math.min(top, max);
  return (
    <Box flexDirection="column">
      {lines.slice(start, start + height).map((line, i) => (
        <Text key={start + i} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {lines.length > height && (
        <Text dimColor>
          lines {start + 1}-{Math.min(lines.length, start + height)} of {lines.length} ({ascii ? 'Up/Down' : '↑↓'} PgUp PgDn scroll)
        </Text>
      )}
    </Box>
  );
}
