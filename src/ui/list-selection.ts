/** What a list's cursor is on: the row's key, and its index for when that row is gone. */
export interface Selection {
  key?: string;
  index: number;
}

/**
 * The row the cursor is on after the list changed: the same row when it is still there (a refresh that adds rows
 * above it, or a new sort, does not move the cursor to another account), else the same place, kept inside the list.
 */
export function selectionIndex<T>(rows: readonly T[], keyOf: (row: T) => string, selection: Selection): number {
  const last = rows.length - 1;
  if (last < 0) return 0;
  const { key, index } = selection;
  if (key !== undefined) {
    const there = rows[index];
    if (there !== undefined && keyOf(there) === key) return index;
    const found = rows.findIndex((row) => keyOf(row) === key);
    if (found >= 0) return found;
  }
  return Math.min(Math.max(0, index), last);
}
