import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { sanitizeForTerminal } from '../src/dms/terminal-text.js';
import type { MailServer } from '../src/services/mail-server.js';
import type { Stack } from '../src/stacks/stack.js';
import { tint, type Theme } from '../src/ui/theme.js';
import { usePolling } from '../src/ui/use-polling.js';
import { formatDuration } from '../src/ui/format-duration.js';

const HEADER_POLL_MS = 5000;

/** The first line: which mail server this is and how it is doing; for a stack of several containers, each member. */
export function ConsoleHeader({ server, stack, theme }: { server: MailServer; stack?: Stack; theme: Theme }): ReactNode {
  if (stack && stack.members.length > 1) return <StackHeader stack={stack} theme={theme} />;
  return <ServerHeader server={server} theme={theme} />;
}

/** `mailwiz · …` on one line, cut at the terminal's width. */
function HeaderLine({ children }: { children: ReactNode }): ReactNode {
  return (
    <Box>
      <Box flexShrink={0}>
        <Text bold>mailwiz</Text>
      </Box>
      <Text wrap="truncate">
        {' · '}
        {children}
      </Text>
    </Box>
  );
}

function StackHeader({ stack, theme }: { stack: Stack; theme: Theme }): ReactNode {
  const states = usePolling(() => Promise.all(stack.members.map((m) => m.target.info().then((i) => i, () => undefined))), HEADER_POLL_MS);
  return (
    <HeaderLine>
      {sanitizeForTerminal(stack.name)} ({stack.kind})
      {stack.members.map((m, i) => {
        const info = states.data?.[i];
        const good = info !== undefined && info.state === 'running' && info.health !== 'unhealthy';
        return (
          <Text key={m.name}>
            {' · '}
            {m.role}{' '}
            <Text color={states.data ? tint(theme, good ? 'green' : 'red') : undefined}>
              {states.data ? (good ? theme.symbols.ok : `${theme.symbols.fail} ${info?.state ?? 'gone'}`) : '…'}
            </Text>
          </Text>
        );
      })}
    </HeaderLine>
  );
}

function ServerHeader({ server, theme }: { server: MailServer; theme: Theme }): ReactNode {
  const info = usePolling(() => server.target.info(), HEADER_POLL_MS);
  if (!info.data) {
    return <Text color={info.error ? tint(theme, 'red') : undefined}>mailwiz · {info.error ?? 'connecting…'}</Text>;
  }
  const { name, image, state, health, startedAt } = info.data;
  const good = state === 'running' && (health === undefined || health === 'healthy');
  const uptime = startedAt && state === 'running' ? ` up ${formatDuration(Date.now() - startedAt.getTime())}` : '';
  return (
    <HeaderLine>
      {sanitizeForTerminal(name)} · {sanitizeForTerminal(image)} ·{' '}
      <Text color={tint(theme, good ? 'green' : 'yellow')}>
        {state}
        {health ? ` (${health})` : ''}
      </Text>
      {uptime}
      {info.error ? <Text color={tint(theme, 'red')}> · {info.error}</Text> : null}
    </HeaderLine>
  );
}
