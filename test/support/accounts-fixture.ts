import type { AccountRow } from '../../src/services/accounts-overview.js';

/** Three accounts with different domains, usage and aliases, for ordering tests. */
export function accountsOrderFixture(): AccountRow[] {
  const row = (address: string, usedKiB: number, aliases: string[] = []): AccountRow => ({
    address,
    aliases,
    usage: { usedKiB, limitKiB: undefined, percent: 0 },
    live: true,
    sendRestricted: false,
    receiveRestricted: false,
  });
  return [row('z@a.org', 900), row('a@b.org', 500), row('m@a.org', 10, ['info@a.org'])];
}
