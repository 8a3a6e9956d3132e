import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { BannedAddress } from '../../src/services/ban-details.js';
import type { Theme } from '../../src/ui/theme.js';
import { bannedSince, timeLeft } from './ban-times.js';
import { padToWidth } from '../../src/ui/cell.js';

const JAIL_WIDTH = 10;
const SINCE_WIDTH = 20;

export function addressWidth(columns: number): number {
  return Math.max(16, Math.min(43, columns - 46));
}

export function BanHeader({ columns }: { columns: number }): ReactNode {
  return (
    <Text bold wrap="truncate">
      {'  '}
      {'banned address'.padEnd(addressWidth(columns))} {'jail'.padEnd(JAIL_WIDTH)} {'banned since'.padEnd(SINCE_WIDTH)} time left
    </Text>
  );
}

/** One banned address: its jail, since when, and for how long still. */
export function BanRow({ ban, selected, theme, columns }: { ban: BannedAddress; selected: boolean; theme: Theme; columns: number }): ReactNode {
  return (
    <Text inverse={selected} wrap="truncate">
      {selected ? `${theme.symbols.cursor} ` : '  '}
      {padToWidth(ban.address, addressWidth(columns))} {padToWidth(ban.jail, JAIL_WIDTH)} {bannedSince(ban).padEnd(SINCE_WIDTH)} {timeLeft(ban)}
    </Text>
  );
}
