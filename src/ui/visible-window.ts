/**
 * Which rows of a long list are on screen: only these are rendered, so 10,000+ rows stay as fast as 20. The window
 * moves the least needed to keep the cursor visible.
 */
export function visibleWindow(total: number, cursor: number, height: number, previousOffset: number): { offset: number; end: number } {
  const rows = Math.max(1, height);
  const clampedCursor = Math.min(Math.max(0, cursor), Math.max(0, total - 1));
  let offset = Math.min(Math.max(0, previousOffset), Math.max(0, total - rows));
  if (clampedCursor < offset) offset = clampedCursor;
  if (clampedCursor >= offset + rows) offset = clampedCursor - rows + 1;
  return { offset, end: Math.min(total, offset + rows) };
}

/** Cursor after a movement key, kept inside the list. */
export function moveCursor(cursor: number, total: number, move: 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end', page: number): number {
  const last = Math.max(0, total - 1);
  const next = {
    up: cursor - 1,
    down: cursor + 1,
    pageup: cursor - page,
    pagedown: cursor + page,
    home: 0,
    end: last,
  }[move];
  return Math.min(Math.max(0, next), last);
}
