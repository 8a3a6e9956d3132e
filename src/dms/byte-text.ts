import { isUtf8 } from 'node:buffer';

/**
 * Config files are bytes. To edit them as text without losing any byte, invalid UTF-8 is decoded the way Python's
 * `surrogateescape` does: each byte that is not part of a valid UTF-8 sequence becomes the lone surrogate
 * U+DC80–U+DCFF carrying it, and `encodeText` turns that surrogate back into the same byte. Valid UTF-8 can never
 * decode to a lone surrogate, so the round trip `encodeText(decodeBytes(b))` is the identity for every `b`.
 */

const ESCAPED_BYTE = /[\udc80-\udcff]/u;
const ESCAPED_BYTES = /([\udc80-\udcff]+)/u;

export function decodeBytes(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += bytes.subarray(start, i).toString('utf8') + String.fromCharCode(0xdc00 + (bytes[i] ?? 0));
    i += 1;
    start = i;
  }
  return out + bytes.subarray(start).toString('utf8');
}

export function encodeText(text: string): Buffer {
  if (!ESCAPED_BYTE.test(text)) return Buffer.from(text, 'utf8');
  const parts = text.split(ESCAPED_BYTES).map((part, index) =>
    index % 2 === 1 ? Buffer.from([...part].map((c) => c.charCodeAt(0) - 0xdc00)) : Buffer.from(part, 'utf8'),
  );
  return Buffer.concat(parts);
}

/** Whether the text carries bytes that are not UTF-8 (decoded by `decodeBytes`). */
export function hasEscapedBytes(text: string): boolean {
  return ESCAPED_BYTE.test(text);
}

/** The length of the well-formed UTF-8 sequence at `i` (RFC 3629, table 3-7 of Unicode), or 0. */
function validSequenceLength(b: Buffer, i: number): number {
  const first = b[i] ?? 0;
  if (first < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf): boolean => {
    const byte = b[i + k];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (first >= 0xc2 && first <= 0xdf) return cont(1) ? 2 : 0;
  if (first === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((first >= 0xe1 && first <= 0xec) || first === 0xee || first === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (first === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (first === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (first >= 0xf1 && first <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (first === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
