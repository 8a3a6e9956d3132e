import { Text } from 'ink';
import type { ReactNode } from 'react';
import { iec } from '../../src/dms/quota-report.js';
import type { AccountRow } from '../../src/services/accounts-overview.js';
import { tint, type Theme } from '../../src/ui/theme.js';
import { padToWidth } from '../../src/ui/cell.js';

const BAR_WIDTH = 10;

export function usageBar(percent: number, theme: Theme): string {
  const filled = Math.min(BAR_WIDTH, Math.round((percent / 100) * BAR_WIDTH));
  return theme.symbols.bar.repeat(filled) + theme.symbols.barEmpty.repeat(BAR_WIDTH - filled);
}

function usageText(row: AccountRow, theme: Theme, complete: boolean): string {
  if (!row.usage && !complete) return `${theme.ascii ? '...' : '…'}${row.quotaLimit ? ` / ${row.quotaLimit}` : ''}`;
  if (!row.usage) return row.quotaLimit ? `? / ${row.quotaLimit}` : '';
  const limit = row.usage.limitKiB === undefined ? (theme.ascii ? 'inf' : '∞') : iec(row.usage.limitKiB * 1024);
  return `${iec(row.usage.usedKiB * 1024)} / ${limit}`;
}

/**
 * One account: live or pending, address, quota use, aliases, restrictions. Until Dovecot has answered (`complete`
 * false), quota use shows as loading and the account as neither live nor pending.
 */
export function AccountRowView({ row, selected, theme, columns, quotasOn, complete }: { row: AccountRow; selected: boolean; theme: Theme; columns: number; quotasOn: boolean; complete: boolean }): ReactNode {
  const mark = row.live === undefined ? ' ' : row.live ? theme.symbols.ok : theme.symbols.pending;
  const addressWidth = Math.max(20, Math.min(48, columns - 50));
  const flags = [row.sendRestricted ? 'no-send' : '', row.receiveRestricted ? 'no-receive' : ''].filter(Boolean).join(' ');
  const percent = row.usage?.percent ?? 0;
  return (
    <Text inverse={selected} wrap="truncate">
      <Text color={tint(theme, row.live ? 'green' : 'yellow')}>{mark}</Text>{' '}
      {padToWidth(row.address, addressWidth)}
      {quotasOn ? (
        <>
          {' '}
          <Text color={tint(theme, percent >= 90 ? 'red' : percent >= 75 ? 'yellow' : 'green')}>{usageBar(percent, theme)}</Text>
          {` ${usageText(row, theme, complete).padEnd(14)}`}
        </>
      ) : null}
      {` ${String(row.aliases.length).padStart(3)} alias${row.aliases.length === 1 ? ' ' : 'es'}`}
      {row.live === false ? ' (pending)' : ''}
      {flags ? <Text color={tint(theme, 'red')}> {flags}</Text> : null}
    </Text>
  );
}
