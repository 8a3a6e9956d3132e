import type { Key } from 'ink';

/**
 * The line editor of every one-line field (console forms, the wizard, `/` and `:`): the cursor moves by grapheme
 * (←/→, Home/End, Ctrl-A/Ctrl-E), Backspace and Ctrl-D delete around it, Ctrl-U and Ctrl-K cut to either end,
 * Ctrl-W the word before it; typed or pasted text goes in at the cursor. Pure: a state in, a state out.
 */

export interface LineState {
  text: string;
  /** In graphemes from the start. */
  cursor: number;
}

export type LineEdit =
  | { kind: 'edit'; state: LineState }
  /** Enter, or pasted text that carried its line end: the line as it stands. */
  | { kind: 'submit'; text: string }
  | { kind: 'cancel' }
  /** Not a key of the editor (↑/↓, Tab, ← at the start): the field's owner may use it. */
  | { kind: 'ignored' };

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function splitGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

export function lineAt(text: string): LineState {
  return { text, cursor: splitGraphemes(text).length };
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function at(parts: string[], cursor: number, inserted: string[] = []): (before: number, after: number) => LineState {
  return (before, after) => {
    const next = [...parts.slice(0, before), ...inserted, ...parts.slice(after)];
    return { text: next.join(''), cursor: before + inserted.length };
  };
}

/** Where Ctrl-W cuts from: back over spaces, then over the word before them. */
function wordStart(parts: string[], cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(parts[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(parts[i - 1]!)) i--;
  return i;
}

export function editLine(state: LineState, input: string, key: Key): LineEdit {
  const parts = splitGraphemes(state.text);
  const cursor = Math.min(state.cursor, parts.length);
  const edit = (next: LineState): LineEdit => ({ kind: 'edit', state: next });
  const cut = at(parts, cursor);
  if (key.escape) return { kind: 'cancel' };
  if (key.return) return { kind: 'submit', text: state.text };
  if (key.leftArrow) return cursor === 0 ? { kind: 'ignored' } : edit({ text: state.text, cursor: cursor - 1 });
  if (key.rightArrow) return edit({ text: state.text, cursor: Math.min(parts.length, cursor + 1) });
  if (key.home || (key.ctrl && input === 'a')) return edit({ text: state.text, cursor: 0 });
  if (key.end || (key.ctrl && input === 'e')) return edit({ text: state.text, cursor: parts.length });
  // Terminals send DEL (0x7f) for Backspace, which Ink reports as delete: both delete before the cursor.
  if (key.backspace || key.delete) return cursor === 0 ? edit({ text: state.text, cursor }) : edit(cut(cursor - 1, cursor));
  if (key.ctrl && input === 'd') return edit(cut(cursor, Math.min(parts.length, cursor + 1)));
  if (key.ctrl && input === 'u') return edit(cut(0, cursor));
  if (key.ctrl && input === 'k') return edit(cut(cursor, parts.length));
  if (key.ctrl && input === 'w') return edit(cut(wordStart(parts, cursor), cursor));
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return { kind: 'ignored' };
  // Pasted or fast-typed text can arrive with its Enter in the same chunk.
  const line = /^([^\r\n]*)[\r\n]/.exec(input);
  const typed = (line ? (line[1] ?? '') : input).replace(CONTROL, '');
  const next = at(parts, cursor, splitGraphemes(typed))(cursor, cursor);
  if (line) return { kind: 'submit', text: next.text };
  return typed ? edit(next) : { kind: 'ignored' };
}

/** The line as drawn: before the cursor, the grapheme under it (a space at the end), after it; masked for secrets. */
export function lineView(state: LineState, mask?: string): { before: string; under: string; after: string } {
  const parts = splitGraphemes(state.text).map((p) => (mask ? mask : p));
  const cursor = Math.min(state.cursor, parts.length);
  return { before: parts.slice(0, cursor).join(''), under: parts[cursor] ?? ' ', after: parts.slice(cursor + 1).join('') };
}
