import { Box, Text, useInput } from 'ink';
import { useState, type ReactNode } from 'react';
import { banReasons, type BannedAddress, type ReasonLine } from '../../src/services/ban-details.js';
import { keyLabel } from '../../src/ui/keymap.js';
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

/**
 * Enter on a ban: the log lines that led to it, newest at the bottom (long lines wrap: the reason is at their end);
 * ↑/↓ scroll, w toggles wrapping, r reloads, Esc goes back.
 */
export function BanWhy({ ban, onClose }: { ban: BannedAddress; onClose: () => void }): ReactNode {
  const { server, bodyRows, theme } = useConsole();
  const reasons = usePolling(() => banReasons(server, ban.address, REASON_LINES), POLL_MS);
  const [back, setBack] = useState(0);
  const [wrap, setWrap] = useState(true);
  const lines = reasons.data?.lines ?? [];
  const height = Math.max(1, bodyRows - 4);
  const end = Math.max(0, lines.length - back);
  const shown = lines.slice(Math.max(0, end - height), end);

  useInput((input, key) => {
    if (key.escape || input === 'q' || key.return) return onClose();
    if (key.upArrow || input === 'k') return setBack((b) => Math.min(b + 1, Math.max(0, lines.length - 1)));
    if (key.downArrow || input === 'j') return setBack((b) => Math.max(0, b - 1));
    if (input === 'w') return setWrap((w) => !w);
    if (input === 'r') return reasons.refresh();
    return undefined;
  });

  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Why {ban.address} is banned in {ban.jail}
        {ban.since ? ` since ${formatStamp(ban.since)}` : ''} ({timeLeft(ban)} left)
      </Text>
      <Text dimColor wrap="truncate">
        $ {reasons.data?.command ?? '…'}
      </Text>
      <Box flexDirection="column" height={height} overflow="hidden" justifyContent="flex-end">
        {reasons.error ? <Text color={tint(theme, 'red')}>{reasons.error}</Text> : null}
        {!reasons.data && !reasons.error ? <Text dimColor>reading the logs…</Text> : null}
        {reasons.data && lines.length === 0 ? (
          <Text dimColor>No line of fail2ban.log or mail.log mentions {ban.address} (a manual ban, or the logs were rotated).</Text>
        ) : null}
        {shown.map((line, i) => (
          <Box key={`${wrap ? "w" : "t"}${end - shown.length + i}`} flexShrink={0}>
            <ReasonRow line={line} address={ban.address} theme={theme} wrap={wrap} />
          </Box>
        ))}
      </Box>
      <Text dimColor wrap="truncate">
        {lines.length} line(s){back > 0 ? ` · ${back} newer below` : ''} · {keyLabel('up', theme.ascii)}/{keyLabel('down', theme.ascii)} scroll · w wrap · r reload · Esc back
      </Text>
    </Box>
  );
}
