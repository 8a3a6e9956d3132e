import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { iec, parseQuotaReport } from '../../src/dms/quota-report.js';

// Captured from the testbed: `doveadm -f tab quota get -A` (Dovecot 2.4).
const REPORT = [
  'Username\tQuota name\tType\tValue\tLimit\t%',
  'alice@example.test\tuser\tSTORAGE\t2560\t10240\t25',
  'alice@example.test\tuser\tMESSAGE\t3\t-\t0',
  'bob@example.test\tuser\tSTORAGE\t0\t-\t0',
  'bob@example.test\tuser\tMESSAGE\t0\t-\t0',
].join('\n');

describe('parseQuotaReport', () => {
  it('reads every user\'s storage use and limit from one report', () => {
    const usage = parseQuotaReport(REPORT);
    expect(usage.get('alice@example.test')).toEqual({ usedKiB: 2560, limitKiB: 10240, percent: 25 });
    expect(usage.get('bob@example.test')).toEqual({ usedKiB: 0, limitKiB: undefined, percent: 0 });
  });

  it('finds the columns by their names, whatever their order (Dovecot 2.3 and 2.4 differ)', () => {
    const reordered = 'Username\tType\tQuota name\t%\tValue\tLimit\nx@y.z\tSTORAGE\tUser quota\t50\t5\t10\n';
    expect(parseQuotaReport(reordered).get('x@y.z')).toEqual({ usedKiB: 5, limitKiB: 10, percent: 50 });
    expect(parseQuotaReport('no header here').size).toBe(0);
  });
});

describe('iec', () => {
  it('formats exactly as numfmt --to=iec, which DMS uses', () => {
    const samples = [0, 1, 999, 1023, 1024, 1025, 1536, 10_239, 10_240, 10_485_760, 10_590_617, 2_621_440, 1_073_741_824, 5 * 1024 ** 4];
    const expected = execFileSync('numfmt', ['--to=iec', ...samples.map(String)], { encoding: 'utf8' }).trim().split('\n');
    expect(samples.map(iec)).toEqual(expected);
  });
});
