import stringWidth from 'string-width';

/**
 * Table cells measured in terminal columns, not code points: CJK characters and most emoji take two columns,
 * combining marks and zero-width joiners none. Cutting goes by grapheme, so an emoji sequence or a letter with its
 * accents is never split.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const displayWidth = (text: string): number => stringWidth(text);

/** `text` cut to at most `width` columns, ending in `…` when it was cut. */
export function truncateToWidth(text: string, width: number, ellipsis = '…'): string {
  if (stringWidth(text) <= width) return text;
  const room = width - stringWidth(ellipsis);
  if (room < 0) return '';
  let used = 0;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > room) break;
    used += w;
    kept += segment;
  }
  return kept + ellipsis;
}

/** `text` padded with spaces to exactly `width` columns (cut first when longer). */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fitted = truncateToWidth(text, width);
  const gap = ' '.repeat(Math.max(0, width - stringWidth(fitted)));
  return align === 'right' ? gap + fitted : fitted + gap;
}

/** A table cell of `width` columns whose last column stays blank, so that neighbouring cells never touch. */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  return `${padToWidth(text, width - 1, align)} `;
}
