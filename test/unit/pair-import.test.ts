import { describe, expect, it } from 'vitest';
import { parsePairImport } from '../../src/dms/pair-import.js';

describe('parsePairImport', () => {
  it('reads two words per line (spaces or tabs, CRLF), skips comments and blank lines, and names bad lines', () => {
    const text = '# aliases\n\ninfo@a.test  jane@a.test\r\nsales@a.test\tbob@a.test\none-word\nthree words here\n';
    expect(parsePairImport(text, 'ALIAS RECIPIENT')).toEqual({
      entries: [
        { key: 'info@a.test', value: 'jane@a.test', line: 3 },
        { key: 'sales@a.test', value: 'bob@a.test', line: 4 },
      ],
      errors: ['line 5: expected "ALIAS RECIPIENT"', 'line 6: expected "ALIAS RECIPIENT"'],
    });
  });
});
