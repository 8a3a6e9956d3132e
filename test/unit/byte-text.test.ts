import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBytes, encodeText, hasEscapedBytes } from '../../src/dms/byte-text.js';

describe('byte-preserving text (config files are bytes)', () => {
  it('decodes valid UTF-8 as itself', () => {
    const text = 'jörg@bücher.test 日本語 😀 \r\n';
    expect(decodeBytes(Buffer.from(text))).toBe(text);
    expect(hasEscapedBytes(text)).toBe(false);
  });

  it.each([
    ['a Latin-1 comment', Buffer.from('# Weiterleitungen f\xfcr M\xfcller\n', 'latin1')],
    ['a stray continuation byte', Buffer.from([0x61, 0x80, 0x62])],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf, 0x2f])],
    ['an encoded surrogate (CESU)', Buffer.from([0xed, 0xa0, 0x80, 0x41])],
    ['a code point above U+10FFFF', Buffer.from([0xf4, 0x90, 0x80, 0x80])],
    ['a sequence cut at the end', Buffer.from([0x61, 0xe2, 0x82])],
    ['0xff and 0xfe', Buffer.from([0xff, 0xfe, 0x0a])],
  ])('round-trips %s byte for byte', (_label, bytes) => {
    const text = decodeBytes(bytes);
    expect(hasEscapedBytes(text)).toBe(true);
    expect(encodeText(text)).toEqual(bytes);
  });

  it('round-trips 2,000 random buffers, and keeps edits to the valid parts', () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytes(1 + (i % 64));
      expect(encodeText(decodeBytes(bytes))).toEqual(bytes);
    }
    const file = Buffer.concat([Buffer.from('# f\xfcr\n', 'latin1'), Buffer.from('a@example.test b@example.test\n')]);
    const edited = decodeBytes(file).replace('b@example.test', 'c@例子.test');
    expect(encodeText(edited)).toEqual(Buffer.concat([Buffer.from('# f\xfcr\n', 'latin1'), Buffer.from('a@example.test c@例子.test\n')]));
  });

  it('keeps a surrogate pair (an emoji) next to an escaped byte apart', () => {
    const bytes = Buffer.concat([Buffer.from('😀'), Buffer.from([0xff]), Buffer.from('😀')]);
    expect(encodeText(decodeBytes(bytes))).toEqual(bytes);
  });
});
