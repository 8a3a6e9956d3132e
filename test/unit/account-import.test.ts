import { describe, expect, it } from 'vitest';
import { parseAccountImport } from '../../src/dms/account-import.js';

describe('parseAccountImport', () => {
  it('takes the address, then the password to the end of the line, spaces and tabs in it kept', () => {
    const { entries, errors } = parseAccountImport('a@example.test pass word\nb@example.test\t tab first\n');
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      { address: 'a@example.test', password: 'pass word', line: 1 },
      { address: 'b@example.test', password: ' tab first', line: 2 },
    ]);
  });

  it('skips empty and # lines, drops a CR before the newline, and counts lines as the file has them', () => {
    const { entries } = parseAccountImport('# header\r\n\r\n  \na@example.test pw\r\nb@example.test pw2');
    expect(entries).toEqual([
      { address: 'a@example.test', password: 'pw', line: 4 },
      { address: 'b@example.test', password: 'pw2', line: 5 },
    ]);
  });

  it('names each line without a password, and never shows a password', () => {
    const { entries, errors } = parseAccountImport('lonely@example.test\nfine@example.test s3cret\ntrailing@example.test \n');
    expect(errors).toEqual(['line 1: expected "ADDRESS PASSWORD"', 'line 3: expected "ADDRESS PASSWORD"']);
    expect(entries.map((e) => e.line)).toEqual([2]);
  });
});
