/**
 * Text from the mail server (log lines, HELO names, subjects, addresses) is untrusted: anyone who can
 * send mail can put bytes into it. This module turns such text into something a terminal only prints.
 *
 * `sanitizeForTerminal` works on ONE line / field:
 * - ESC-initiated sequences are removed whole: CSI (`ESC [` … incl. private modes like `ESC [?1049h`),
 *   OSC (`ESC ]` … up to BEL or ST: titles, OSC 8 hyperlinks, clipboard OSC 52), DCS / SOS / PM / APC
 *   (`ESC P`, `ESC X`, `ESC ^`, `ESC _` … up to ST or BEL), and single-character escapes (`ESC c` reset,
 *   `ESC 7`, `ESC ( 0`, `ESC # 8` …). Their 8-bit forms (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098 SOS,
 *   U+009E PM, U+009F APC) likewise. A string sequence without terminator runs to the end of the text,
 *   as a terminal would swallow it.
 * - Every other control character — C0 (incl. CR and LF), DEL, C1 (U+0080–U+009F) — becomes `?`, the
 *   mark Postfix itself logs for them, so the reader sees that something was there.
 * - TAB becomes one space: its width depends on the cursor column, which breaks fixed-width layouts
 *   (`sanitizeMultiline`, for blocks printed as they are, keeps TABs and line breaks).
 * - Bidi controls that reorder what follows (U+202A–U+202E embeddings/overrides, U+2066–U+2069
 *   isolates) and the invisible direction marks (U+200E, U+200F, U+061C) are removed.
 * - Lone UTF-16 surrogates (possible from JSON `\ud800` escapes) become U+FFFD.
 *
 * Note: DMS's rsyslog already writes C0 controls in mail.log as `#033`, `#007` (harmless text), but
 * lets C1 characters and invalid UTF-8 through, and container output is not escaped at all.
 */

/** What a lone control character is shown as. */
export const CONTROL_PLACEHOLDER = '?';

/**
 * Characters that draw nothing (zero-width, fillers, soft hyphen, line/paragraph separators, tag characters) and so
 * can make two different names look the same: shown as escapes such as `\u200b`.
 */
const INVISIBLE_SET =
  '\\u00ad\\u115f\\u1160\\u17b4\\u17b5\\u180e\\u200b-\\u200d\\u2028\\u2029\\u2060-\\u2064\\u206a-\\u206f\\u3164\\ufeff\\uffa0\\u{e0000}-\\u{e007f}';
// eslint-disable-next-line no-misleading-character-class -- each invisible character (ZWJ among them) is listed on its own on purpose
const INVISIBLE = new RegExp(`[${INVISIBLE_SET}]`, 'gu');

// Anything that needs work; most lines contain none of these and are returned as they are.
// eslint-disable-next-line no-misleading-character-class -- each invisible character (ZWJ among them) is listed on its own on purpose
const NEEDS_WORK = new RegExp(`[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff${INVISIBLE_SET}]`, 'u');

const ESC_SEQUENCE = new RegExp(
  [
    // OSC, DCS, SOS, PM, APC: a string up to BEL, ST (ESC \ or U+009C), or the end.
    '(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)?',
    // CSI: parameter bytes, intermediate bytes, final byte.
    '(?:\\x1b\\[|\\x9b)[\\x30-\\x3f]*[\\x20-\\x2f]*[\\x40-\\x7e]?',
    // Any other escape: intermediate bytes then one final byte (or a lone ESC).
    '\\x1b[\\x20-\\x2f]*[\\x30-\\x7e]?',
  ].join('|'),
  'g',
);
const LONE_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function sanitizeForTerminal(text: string): string {
  return sanitize(text, ' ');
}

function sanitize(text: string, tab: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text
    .replace(ESC_SEQUENCE, '')
    .replaceAll('\t', tab)
    .replace(LONE_CONTROL, CONTROL_PLACEHOLDER)
    .replace(BIDI_CONTROL, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(INVISIBLE, escapeCodePoint);
}

function escapeCodePoint(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

// eslint-disable-next-line no-misleading-character-class -- each invisible character (ZWJ among them) is listed on its own on purpose
const NOT_VISIBLE = new RegExp(`[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff${INVISIBLE_SET}]`, 'gu');

/**
 * Text we quote back (user input in an error message, a name in a prompt): every control, direction, invisible
 * character and lone surrogate becomes a visible escape (`\x1b`, `\u202e`, `\u200b`, `\u{e0041}`; a byte that was not
 * UTF-8, see byte-text.ts, as `\xNN`), so the message shows exactly what was given and the terminal only prints it.
 */
export function visibleText(text: string): string {
  return text.replace(NOT_VISIBLE, escapeCodePoint);
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Splits text into lines (LF or CRLF; a final newline ends the last line) and sanitizes each. */
export function sanitizeLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => sanitizeForTerminal(withoutCr(line)));
}

/**
 * A block printed as it is to a terminal (not laid out in columns): line breaks (LF, CRLF → LF) and TABs
 * stay, everything else as `sanitizeForTerminal`.
 */
export function sanitizeMultiline(text: string): string {
  return text
    .split('\n')
    .map((line) => sanitize(withoutCr(line), '\t'))
    .join('\n');
}

/** One field from raw bytes: UTF-8 with U+FFFD for every invalid sequence, then sanitized. */
export function decodeUntrusted(buf: Buffer): string {
  return sanitizeForTerminal(buf.toString('utf8'));
}

/** Many lines from raw bytes (a log file, command output): decoded as `decodeUntrusted`, one entry a line. */
export function decodeUntrustedLines(buf: Buffer): string[] {
  return sanitizeLines(buf.toString('utf8'));
}
