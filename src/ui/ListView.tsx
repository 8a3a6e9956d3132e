import { Box, Text } from 'ink';
import { useRef, type ReactNode } from 'react';
import { visibleWindow } from './visible-window.js';

export interface ListViewProps<T> {
  items: readonly T[];
  cursor: number;
  height: number;
  renderRow: (item: T, selected: boolean, index: number) => ReactNode;
  keyOf: (item: T) => string;
  empty?: string;
}

/** A list that renders only its visible window, keeping the cursor in view. */
export function ListView<T>({ items, cursor, height, renderRow, keyOf, empty = 'Nothing here.' }: ListViewProps<T>): ReactNode {
  const offset = useRef(0);
  const window = visibleWindow(items.length, cursor, height, offset.current);
  offset.current = window.offset;
  if (items.length === 0) return <Text dimColor>{empty}</Text>;
  const rows = items.slice(window.offset, window.end);
  return (
    <Box flexDirection="column">
      {rows.map((item, i) => (
        <Box key={keyOf(item)}>{renderRow(item, window.offset + i === cursor, window.offset + i)}</Box>
      ))}
    </Box>
  );
}
