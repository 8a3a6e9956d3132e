import { Box, Text, useInput, useStdin } from 'ink';
import { useMemo, useState, type ReactNode } from 'react';
import { actionFor, keyLabel, keysLabel, type Binding, type KeySpec } from './keymap.js';
import { moveBindings, type MoveAction } from './move-keys.js';
import { detectTheme } from './theme.js';
import { moveCursor } from './visible-window.js';

/**
 * The one pager of the console and the wizard: long text (a queued message, a trace, the log lines behind a ban, the
 * DNS records to publish) in a window of `height` rows, scrolled by the same keys everywhere, with its position
 * under it. `from: 'bottom'` keeps the newest (last) lines in view as more arrive, until the reader scrolls up.
 */

const SCROLL_BINDINGS: readonly Binding<MoveAction>[] = moveBindings({ first: 'first line', last: 'last line' });
const CLOSE_BINDING: Binding<'close'> = { action: 'close', keys: ['esc', 'q', 'left', 'backspace'], description: 'back' };

export interface PagerKey {
  binding: Binding;
  run: () => void;
}

export interface PagerProps<T> {
  items: readonly T[];
  render: (item: T, index: number) => ReactNode;
  height: number;
  from?: 'top' | 'bottom';
  /** Keys of this view beyond scrolling (wrap, reload …), listed in the footer. */
  keys?: readonly PagerKey[];
  /** Esc, q, ← or Backspace call it; without it the pager leaves those keys to its parent (a wizard step). */
  onClose?: () => void;
  /** More keys that close it: the key that opened the view (Enter, t), pressed again. */
  closeAlso?: readonly KeySpec[];
  /** Shown in place of the items while there are none (loading, an error, nothing found). */
  empty?: ReactNode;
  /** The footer only when the items do not fit (the wizard's record list); always otherwise. */
  footerWhenScrolling?: boolean;
  active?: boolean;
  /** ASCII key names (a console without arrows' glyphs); detected from the terminal when not given. */
  ascii?: boolean;
}

/** One line of plain text, cut at the edge: the rendering of most pagers. */
export function plainLine(line: string): ReactNode {
  return <Text wrap="truncate-end">{line === '' ? ' ' : line}</Text>;
}

export function Pager<T>({ items, render, height, from = 'top', keys = [], onClose, closeAlso = [], empty, footerWhenScrolling = false, active = true, ascii: asciiGiven }: PagerProps<T>): ReactNode {
  const { isRawModeSupported } = useStdin();
  const ascii = useMemo(() => asciiGiven ?? detectTheme().ascii, [asciiGiven]);
  /** Lines scrolled away from the anchored edge (the top, or the bottom). */
  const [away, setAway] = useState(0);
  const rows = Math.max(1, height);
  // From the bottom the window may rise until its last line is the first item: lines that wrap take more rows than
  // one, and the oldest must still come fully into view under the top edge.
  const max = from === 'top' ? Math.max(0, items.length - rows) : Math.max(0, items.length - 1);
  const shownAway = Math.min(away, max);
  const end = from === 'top' ? Math.min(items.length, shownAway + rows) : items.length - shownAway;
  const start = Math.max(0, end - rows);

  useInput(
    (input, key) => {
      const scroll = actionFor(SCROLL_BINDINGS, input, key);
      if (scroll) {
        // Home shows the first page; ↑ may go on from there, one line at a time.
        if (from === 'bottom' && scroll.action === 'home') return setAway(Math.max(0, items.length - rows));
        // Moving down the text is moving away from the top, or towards the bottom.
        const toward = from === 'top' ? scroll.action : MIRRORED[scroll.action];
        return setAway((a) => moveCursor(Math.min(a, max), max + 1, toward, rows));
      }
      if (onClose && actionFor([{ ...CLOSE_BINDING, keys: [...CLOSE_BINDING.keys, ...closeAlso] }], input, key)) return onClose();
      keys.find((k) => actionFor([k.binding], input, key))?.run();
    },
    { isActive: active && Boolean(isRawModeSupported) },
  );

  const scrolling = items.length > rows;
  const position = items.length === 0 ? '' : `lines ${start + 1}-${end} of ${items.length}`;
  const hints = [
    ...(scrolling ? [`${keyLabel('up', ascii)}${keyLabel('down', ascii)} PgUp PgDn scroll`] : []),
    ...keys.map((k) => `${keysLabel(k.binding, ascii)} ${k.binding.description}`),
    ...(onClose ? ['Esc back'] : []),
  ];
  const newer = from === 'bottom' && shownAway > 0 ? ` · ${shownAway} newer below` : '';
  return (
    <Box flexDirection="column">
      {/* From the bottom, a line that wraps takes more rows: the window keeps its height and shows the newest. */}
      <Box flexDirection="column" {...(from === 'bottom' ? { height: rows, overflow: 'hidden', justifyContent: 'flex-end' } : {})}>
        {items.length === 0 && empty}
        {items.slice(start, end).map((item, i) => (
          <Box key={start + i} flexShrink={0}>
            {render(item, start + i)}
          </Box>
        ))}
      </Box>
      {(!footerWhenScrolling || scrolling) && (
        <Text dimColor wrap="truncate">
          {[position + newer, ...hints].filter(Boolean).join(' · ')}
        </Text>
      )}
    </Box>
  );
}

const MIRRORED: Record<MoveAction, MoveAction> = { up: 'down', down: 'up', pageup: 'pagedown', pagedown: 'pageup', home: 'end', end: 'home' };
