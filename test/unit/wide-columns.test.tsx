import { describe, expect, it } from 'vitest';
import { AccountRowView } from '../../screens/accounts/account-row.js';
import { LogLine } from '../../screens/logs/log-line.js';
import { QueueRow } from '../../screens/queue/queue-row.js';
import type { QueuedMessage } from '../../src/dms/postqueue.js';
import type { AccountRow } from '../../src/services/accounts-overview.js';
import { parseSourceLine } from '../../src/services/log-follow.js';
import { cell, displayWidth, padToWidth, truncateToWidth } from '../../src/ui/cell.js';
import { detectTheme } from '../../src/ui/theme.js';
import { frameOf } from '../support/frame-of.js';

/**
 * Columns measured as the terminal draws them: an SMTPUTF8 address in CJK (two columns a character), emoji (two
 * columns, some of several code points) and combining accents (none) must not move the columns after them.
 */

const theme = detectTheme({ NO_COLOR: '1', LANG: 'C.UTF-8', TERM: 'xterm' });
const WIDE = '用户@例子.测试';
const EMOJI = '👩‍👩‍👧🎉@example.test';
const ACCENTED = 'e\u0301le\u0300ve@example.test';
const PLAIN = 'someone@example.test';

/** The terminal column where `marker` starts in a one-line frame. */
function columnOf(frame: string, marker: string): number {
  const at = frame.indexOf(marker);
  expect(at, `${marker} in ${frame}`).toBeGreaterThanOrEqual(0);
  return displayWidth(frame.slice(0, at));
}

describe('cell, padToWidth, truncateToWidth', () => {
  it('pad and cut by terminal columns, never splitting a grapheme', () => {
    expect(displayWidth(WIDE)).toBe(14);
    expect(padToWidth(WIDE, 20)).toBe(`${WIDE}      `);
    expect(truncateToWidth(WIDE, 6)).toBe('用户@…');
    expect(truncateToWidth(WIDE, 5)).toBe('用户…');
    expect(truncateToWidth('ab😀cd', 4)).toBe('ab…');
    expect(truncateToWidth('👩‍👩‍👧xyz', 3)).toBe('👩‍👩‍👧…');
    expect(padToWidth(ACCENTED, 6)).toBe('e\u0301le\u0300ve…');
    for (const text of [WIDE, EMOJI, ACCENTED, PLAIN, '', 'x']) {
      for (const width of [1, 2, 3, 5, 8, 17, 40]) {
        expect(displayWidth(cell(text, width)), `${text} in ${width}`).toBe(width);
        expect(cell(text, width).endsWith(' ')).toBe(true);
      }
    }
    expect(padToWidth('42', 5, 'right')).toBe('   42');
  });
});

describe('rows with wide characters keep every column in place', () => {
  it('Accounts: the quota bar and the alias count start in the same column for every address', async () => {
    const row = (address: string): AccountRow => ({
      address,
      aliases: [],
      quotaLimit: '10M',
      sendRestricted: false,
      receiveRestricted: false,
      live: true,
      usage: { usedKiB: 1024, limitKiB: 10240, percent: 10 },
    });
    const frames = await Promise.all(
      [PLAIN, WIDE, EMOJI, ACCENTED].map((a) => frameOf(<AccountRowView row={row(a)} selected={false} theme={theme} columns={100} quotasOn complete />)),
    );
    const bar = theme.symbols.bar;
    expect(new Set(frames.map((f) => columnOf(f, bar))).size).toBe(1);
    expect(new Set(frames.map((f) => columnOf(f, ' alias'))).size).toBe(1);
    expect(frames[1]).toContain(WIDE);
  });

  it('Accounts: an address longer than its column is cut with … instead of pushing the rest right', async () => {
    const long = `${'用'.repeat(40)}@例子.测试`;
    const row: AccountRow = { address: long, aliases: [], sendRestricted: false, receiveRestricted: false, live: true };
    const short: AccountRow = { ...row, address: PLAIN };
    const [cut, plain] = await Promise.all([short, row].map((r) => frameOf(<AccountRowView row={r} selected={false} theme={theme} columns={80} quotasOn={false} complete />)).reverse());
    expect(cut).toContain('…');
    expect(columnOf(cut!, ' alias')).toBe(columnOf(plain!, ' alias'));
  });

  it('Queue: sender and recipient columns in CJK and emoji leave the reason column where it was', async () => {
    const message = (sender: string, recipient: string): QueuedMessage => ({
      queueName: 'deferred',
      queueId: '4F9D61DE7A',
      arrivalTime: 1_700_000_000,
      size: 2048,
      forcedExpire: false,
      sender,
      recipients: [{ address: recipient, delayReason: 'REASON connect to mx.example.test: Connection refused' }],
    });
    const rows = [message(PLAIN, PLAIN), message(WIDE, EMOJI), message(EMOJI, WIDE), message(ACCENTED, `${'测'.repeat(30)}@例子.测试`)];
    const frames = await Promise.all(
      rows.map((m) => frameOf(<QueueRow message={m} selected={false} marked={false} nowSeconds={m.arrivalTime + 60} width={100} theme={theme} />)),
    );
    expect(new Set(frames.map((f) => columnOf(f, 'REASON'))).size).toBe(1);
    for (const frame of frames) expect(displayWidth(frame)).toBeLessThanOrEqual(100);
  });

  it('Logs: a wide member label or service keeps the message column; a subject with emoji stays within the width', async () => {
    const subject = `2026-11-22T14:02:03+00:00 mail postfix/cleanup[7]: 4F9D61DE7A: info: header Subject: 🎉 Party 用户 ${'🎉'.repeat(60)}`;
    const entry = (member: string, line: string) => ({ ...parseSourceLine('mail.log', line, {}), seq: 0, member });
    const plainLine = '2026-11-22T14:02:03+00:00 mail postfix/smtpd[1]: MESSAGE connect from unknown[192.0.2.1]';
    const wideService = '2026-11-22T14:02:03+00:00 mail 用户服务/smtpd[1]: MESSAGE connect from unknown[192.0.2.1]';
    const frames = await Promise.all(
      [entry('mta', plainLine), entry('用户', plainLine), entry('🎉🎉🎉🎉🎉🎉🎉', wideService)].map((e) =>
        frameOf(<LogLine entry={e} selected={false} timestamps query={undefined} theme={theme} memberWidth={10} />),
      ),
    );
    expect(new Set(frames.map((f) => columnOf(f, 'MESSAGE'))).size).toBe(1);
    const withSubject = await frameOf(<LogLine entry={entry('mta', subject)} selected={false} timestamps query={undefined} theme={theme} memberWidth={10} />);
    expect(withSubject).toContain('Subject: 🎉 Party 用户');
    expect(displayWidth(withSubject)).toBeLessThanOrEqual(100);
  });
});
