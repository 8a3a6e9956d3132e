import { Box, Text } from 'ink';
import { useState, type ReactNode } from 'react';
import { banReasons, type BannedAddress, type ReasonLine } from '../../src/services/ban-details.js';
import type { Binding } from '../../src/ui/keymap.js';
import { Pager } from '../../src/ui/pager.js';
import { tint, type Theme } from '../../src/ui/theme.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { useConsole } from '../console-context.js';
import { formatStamp, timeLeft } from './ban-times.js';

const REASON_LINES = 30;
const POLL_MS = 10_000;

/** The address highlighted wherever it occurs in a line. */
function Highlighted({ text, address, theme }: { text: string; address: string; theme: Theme }): ReactNode {
  const parts = text.split(address);
  return parts.map((part, i) => (
    <Text key={i}>
      {part}
      {i < parts.length - 1 ? (
        <Text bold color={tint(theme, 'yellow')}>
          {address}
        </Text>
      ) : null}
    </Text>
  ));
}

/** `11-22 14:37:31 dovecot: …`: the line's time, what logged it, and its message. */
function ReasonRow({ line, address, theme, wrap }: { line: ReasonLine; address: string; theme: Theme; wrap: boolean }): ReactNode {
  const { entry } = line;
  const when = entry.time === undefined ? '' : `${formatStamp(new Date(entry.time), true)} `;
  const color = entry.level === 'error' ? 'red' : entry.level === 'warning' ? 'yellow' : undefined;
  return (
    <Text wrap={wrap ? 'wrap' : 'truncate'}>
      <Text dimColor>{when}</Text>
      <Text color={color ? tint(theme, color) : undefined}>{entry.service ? `${entry.service}: ` : ''}</Text>
      <Highlighted text={entry.message} address={address} theme={theme} />
    </Text>
  );
}

const WRAP: Binding = { action: 'wrap', keys: ['w'], description: 'wrap' };
const RELOAD: Binding = { action: 'reload', keys: ['r'], description: 'reload' };

/**
 * Enter on a ban: the log lines that led to it, newest at the bottom (long lines wrap: the reason is at their end),
 * in the pager; w toggles wrapping, r reloads.
 */
export function BanWhy({ ban, onClose }: { ban: BannedAddress; onClose: () => void }): ReactNode {
  const { server, bodyRows, theme } = useConsole();
  const reasons = usePolling(() => banReasons(server, ban.address, REASON_LINES), POLL_MS);
  const [wrap, setWrap] = useState(true);
  const lines = reasons.data?.lines ?? [];
  const keys = [
    { binding: WRAP, run: () => setWrap((w) => !w) },
    { binding: RELOAD, run: () => reasons.refresh() },
  ];
  const empty = reasons.error ? (
    <Text color={tint(theme, 'red')}>{reasons.error}</Text>
  ) : reasons.data ? (
    <Text dimColor>No line of fail2ban.log or mail.log mentions {ban.address} (a manual ban, or the logs were rotated).</Text>
  ) : (
    <Text dimColor>reading the logs…</Text>
  );

  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Why {ban.address} is banned in {ban.jail}
        {ban.since ? ` since ${formatStamp(ban.since)}` : ''} ({timeLeft(ban)} left)
      </Text>
      <Text dimColor wrap="truncate">
        $ {reasons.data?.command ?? '…'}
      </Text>
      <Pager
        items={lines}
        render={(line) => <ReasonRow line={line} address={ban.address} theme={theme} wrap={wrap} />}
        height={Math.max(1, bodyRows - 3)}
        from="bottom"
        keys={keys}
        onClose={onClose}
        closeAlso={['enter']}
        empty={empty}
        ascii={theme.ascii}
      />
    </Box>
  );
}
