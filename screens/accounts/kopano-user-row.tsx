import { Text } from 'ink';
import type { ReactNode } from 'react';
import { iec } from '../../src/dms/quota-report.js';
import { sanitizeForTerminal } from '../../src/dms/terminal-text.js';
import type { KopanoAccount } from '../../src/services/kopano-accounts.js';
import { tint, type Theme } from '../../src/ui/theme.js';
import { padToWidth } from '../../src/ui/cell.js';

const clean = (text: string): string => sanitizeForTerminal(text).replace(/\s+/g, ' ');

function quotaText(user: KopanoAccount): string {
  const hard = user.quota?.hard;
  const used = user.storeSize === undefined ? '' : `${iec(user.storeSize)} / `;
  if (!user.quota) return `${used}default`;
  return `${used}${hard === undefined ? 'unlimited' : iec(hard)}`;
}

/** One Kopano user: login, address, full name, aliases, quota, what kind of account it is. */
export function KopanoUserRow({ user, selected, theme, columns }: { user: KopanoAccount; selected: boolean; theme: Theme; columns: number }): ReactNode {
  const loginWidth = Math.max(10, Math.min(20, Math.floor(columns / 6)));
  const mailWidth = Math.max(18, Math.min(34, Math.floor(columns / 3)));
  const flags = [user.admin ? 'admin' : '', user.sharedStore ? 'shared store' : '', user.hidden ? 'hidden' : '', user.active === false ? 'inactive' : '']
    .filter(Boolean)
    .join(', ');
  return (
    <Text inverse={selected} wrap="truncate">
      {padToWidth(clean(user.login), loginWidth)} {padToWidth(clean(user.email), mailWidth)} {quotaText(user).padEnd(16)}
      {` ${String(user.aliases.length).padStart(2)} alias${user.aliases.length === 1 ? ' ' : 'es'}`}
      {flags ? <Text color={tint(theme, 'cyan')}> {flags}</Text> : null}
      {user.fullname ? <Text dimColor> {clean(user.fullname)}</Text> : null}
    </Text>
  );
}

/** The selected user's aliases and features, under the list. */
export function KopanoUserDetail({ user }: { user: KopanoAccount }): ReactNode {
  const features = [
    user.features.enabled.length ? `on: ${user.features.enabled.map(clean).join(' ')}` : '',
    user.features.disabled.length ? `off: ${user.features.disabled.map(clean).join(' ')}` : '',
  ].filter(Boolean);
  return (
    <>
      <Text dimColor wrap="truncate">
        {clean(user.login)}: aliases {user.aliases.length ? user.aliases.map(clean).join(', ') : 'none'}
      </Text>
      <Text dimColor wrap="truncate">
        features {features.length ? features.join('; ') : "the server's defaults"}
        {user.quota ? ` · quota warn ${user.quota.warn === undefined ? '-' : iec(user.quota.warn)}, soft ${user.quota.soft === undefined ? '-' : iec(user.quota.soft)}, hard ${user.quota.hard === undefined ? '-' : iec(user.quota.hard)}` : ''}
      </Text>
    </>
  );
}
