import { Text } from 'ink';
import { useMemo, type ReactNode } from 'react';
import { detectTheme } from '../theme.js';

/** A fixed-width bar: █/░, or #/. on plain terminals. */
export function ProgressBar({ ratio, width = 20 }: { ratio: number; width?: number }): ReactNode {
  const theme = useMemo(() => detectTheme(), []);
  const filled = Math.round(Math.min(1, Math.max(0, ratio)) * width);
  return (
    <Text>
      {theme.symbols.bar.repeat(filled)}
      {theme.symbols.barEmpty.repeat(width - filled)}
    </Text>
  );
}
