import { Text } from 'ink';
import type { ReactNode } from 'react';
import { lineView, type LineState } from './line-editor.js';

/** A line being edited, its cursor drawn inverse; every grapheme of a secret drawn as `mask`. */
export function LineField({ state, mask, active = true }: { state: LineState; mask?: string; active?: boolean }): ReactNode {
  const { before, under, after } = lineView(state, mask);
  return (
    <Text>
      {before}
      <Text inverse={active}>{under}</Text>
      {after}
    </Text>
  );
}
