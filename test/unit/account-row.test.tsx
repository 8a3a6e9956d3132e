import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { AccountRowView } from '../../screens/accounts/account-row.js';
import type { AccountRow } from '../../src/services/accounts-overview.js';
import { detectTheme } from '../../src/ui/theme.js';

const theme = detectTheme({ LANG: 'C.UTF-8' });
const base: AccountRow = { address: 'a@example.test', aliases: [], quotaLimit: '10M', sendRestricted: false, receiveRestricted: false };

function line(row: AccountRow, complete: boolean): string {
  const { lastFrame, unmount } = render(<AccountRowView row={row} selected={false} theme={theme} columns={100} quotasOn complete={complete} />);
  const frame = lastFrame() ?? '';
  unmount();
  return frame;
}

describe('AccountRowView', () => {
  it('while Dovecot has not answered: quota use loading, the account neither live nor pending', () => {
    const frame = line(base, false);
    expect(frame).toContain('… / 10M');
    expect(frame).not.toContain('(pending)');
    expect(frame.startsWith(`${theme.symbols.ok}`)).toBe(false);
  });

  it('once answered: use against the limit, and pending when Dovecot does not serve the account yet', () => {
    const filled = line({ ...base, live: false, usage: { usedKiB: 2048, limitKiB: 10240, percent: 20 } }, true);
    expect(filled).toMatch(/2(\.0)? ?Mi?B? \/ 10(\.0)? ?Mi?B?/);
    expect(filled).toContain('(pending)');
    expect(line({ ...base, live: true }, true)).toContain('? / 10M');
  });
});
