import type { AccountRow } from '../../src/services/accounts-overview.js';

export const SORTS = ['name', 'usage', 'domain'] as const;
export type AccountSort = (typeof SORTS)[number];

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/** The rows the screen shows: filtered by `/` text (address or alias), in the chosen order. */
export function orderAccounts(rows: readonly AccountRow[], filter: string, sort: AccountSort): AccountRow[] {
  const needle = filter.toLowerCase();
  const shown = needle
    ? rows.filter((r) => r.address.toLowerCase().includes(needle) || r.aliases.some((a) => a.toLowerCase().includes(needle)))
    : [...rows];
  const byName = (a: AccountRow, b: AccountRow): number => a.address.localeCompare(b.address);
  const compare: Record<AccountSort, (a: AccountRow, b: AccountRow) => number> = {
    name: byName,
    usage: (a, b) => (b.usage?.usedKiB ?? -1) - (a.usage?.usedKiB ?? -1) || byName(a, b),
    domain: (a, b) => domainOf(a.address).localeCompare(domainOf(b.address)) || byName(a, b),
  };
  return shown.sort(compare[sort]);
}
