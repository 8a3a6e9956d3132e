import type { BannedAddress } from '../../src/services/ban-details.js';

/** The bans the screen lists: filtered by the `/` text (address or jail), newest ban first. */
export function orderBans(bans: readonly BannedAddress[], filter: string): BannedAddress[] {
  const needle = filter.toLowerCase();
  const shown = needle ? bans.filter((b) => b.address.toLowerCase().includes(needle) || b.jail.toLowerCase().includes(needle)) : [...bans];
  return shown.sort((a, b) => (b.since?.getTime() ?? 0) - (a.since?.getTime() ?? 0) || a.address.localeCompare(b.address) || a.jail.localeCompare(b.jail));
}

/** Every jail an address is banned in (for "unban from all jails"). */
export function jailsOf(bans: readonly BannedAddress[], address: string): string[] {
  return [...new Set(bans.filter((b) => b.address === address).map((b) => b.jail))];
}

export function banKey(ban: BannedAddress): string {
  return `${ban.jail} ${ban.address}`;
}
