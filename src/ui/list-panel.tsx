import { Box, Text } from 'ink';
import { useMemo, useReducer, useRef, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { selectionIndex, type Selection } from './list-selection.js';
import { moveHandlers, type MoveAction } from './move-keys.js';
import { moveCursor, visibleWindow } from './visible-window.js';

export interface ListPanelOptions<T, S> {
  items: readonly T[];
  keyOf: (row: T) => string;
  /** The console's filter text for this screen. */
  filter?: string;
  /** Filters and sorts the items; a stable function (module level), so rows are recomputed only when needed. */
  order?: (items: readonly T[], filter: string, sort: S) => readonly T[];
  initialSort?: S;
  /** Rows a page key moves. */
  page: number;
}

export interface ListPanel<T, S> {
  rows: readonly T[];
  keyOf: (row: T) => string;
  /** The index of the row under the cursor. */
  at: number;
  selected: T | undefined;
  /** Handlers for the movement keys (↑/k ↓/j PgUp PgDn Home/g End/G), for useBindings. */
  moves: Record<MoveAction, () => void>;
  /** Back to the first row (a new view or group). */
  reset: () => void;
  sort: S;
  setSort: Dispatch<SetStateAction<S>>;
}

/**
 * A screen's list: it filters and sorts the items, owns the cursor (which stays on the same row when the list is
 * polled again) and answers the movement keys; `<ListPanelRows>` draws the visible window. Keys read the latest
 * cursor from a ref, so keys typed faster than React draws are not lost.
 */
export function useListPanel<T, S = undefined>(options: ListPanelOptions<T, S>): ListPanel<T, S> {
  const { items, keyOf, filter = '', order, page } = options;
  const [sort, setSort] = useState<S>(options.initialSort as S);
  const rows = useMemo(() => (order ? order(items, filter, sort) : items), [items, filter, sort, order]);
  const selection = useRef<Selection>({ index: 0 });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const at = selectionIndex(rows, keyOf, selection.current);
  // The place the row was last seen is kept for when it goes; then the cursor is on the row now there. With
  // nothing shown (a filter matching nothing) the row is kept, to come back to when the filter is cleared.
  const under = rows[at];
  selection.current = { key: under === undefined ? selection.current.key : keyOf(under), index: at };
  const latest = useRef({ rows, at });
  latest.current = { rows, at };

  const choose = (index: number, key?: string): void => {
    selection.current = { index, key };
    latest.current = { ...latest.current, at: index };
    redraw();
  };
  const move = (action: MoveAction): void => {
    const { rows: now, at: from } = latest.current;
    const index = moveCursor(from, now.length, action, page);
    const row = now[index];
    choose(index, row === undefined ? undefined : keyOf(row));
  };
  return { rows, keyOf, at, selected: rows[at], moves: moveHandlers(move), reset: () => choose(0), sort, setSort };
}

export interface ListPanelRowsProps<T> {
  panel: Pick<ListPanel<T, unknown>, 'rows' | 'keyOf' | 'at'>;
  height: number;
  renderRow: (row: T, selected: boolean) => ReactNode;
  empty?: string;
}

/** The rows of a list panel that fit in `height`, the window moving the least needed to keep the cursor in view. */
export function ListPanelRows<T>({ panel, height, renderRow, empty = 'Nothing here.' }: ListPanelRowsProps<T>): ReactNode {
  const offset = useRef(0);
  const { rows, keyOf, at } = panel;
  const window = visibleWindow(rows.length, at, height, offset.current);
  offset.current = window.offset;
  if (rows.length === 0) return <Text dimColor>{empty}</Text>;
  return (
    <Box flexDirection="column">
      {rows.slice(window.offset, window.end).map((row, i) => (
        <Box key={keyOf(row)}>{renderRow(row, window.offset + i === at)}</Box>
      ))}
    </Box>
  );
}
