import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { JailStatus } from '../../src/dms/fail2ban-status.js';
import { tint, type Theme } from '../../src/ui/theme.js';
import { cell, displayWidth } from '../../src/ui/cell.js';

const NUMBER_WIDTH = 13;
const COLUMNS = ['failed now', 'failed total', 'banned now', 'banned total'];

function jailWidth(jails: readonly JailStatus[]): number {
  return Math.min(40, Math.max(8, ...jails.map((j) => displayWidth(j.jail)))) + 2;
}

/** Every jail with fail2ban's four counters. */
export function JailTable({ jails, theme }: { jails: readonly JailStatus[]; theme: Theme }): ReactNode {
  const width = jailWidth(jails);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {'jail'.padEnd(width)}
        {COLUMNS.map((c) => c.padStart(NUMBER_WIDTH)).join('')}
      </Text>
      {jails.map((j) => (
        <Text key={j.jail} wrap="truncate">
          {cell(j.jail, width)}
          {[j.currentlyFailed, j.totalFailed].map((n) => String(n).padStart(NUMBER_WIDTH)).join('')}
          <Text color={tint(theme, j.currentlyBanned > 0 ? 'red' : 'green')}>{String(j.currentlyBanned).padStart(NUMBER_WIDTH)}</Text>
          {String(j.totalBanned).padStart(NUMBER_WIDTH)}
        </Text>
      ))}
    </Box>
  );
}
