import { Box, Text } from 'ink';
import { useEffect, useState, type ReactNode } from 'react';
import type { QueuedMessage } from '../../src/dms/postqueue.js';
import { sanitizeForTerminal } from '../../src/dms/terminal-text.js';
import type { QueuedMessageText } from '../../src/services/queue.js';
import { Pager, plainLine } from '../../src/ui/pager.js';
import { useConsole } from '../console-context.js';

/** The lines of the message view: envelope summary, headers, a rule, the start of the body. */
export function messageLines(message: QueuedMessage, text: QueuedMessageText): string[] {
  const envelope = [
    `${message.instance ? `${sanitizeForTerminal(message.instance)} · ` : ''}queue ${message.queueName} · id ${message.queueId} · ${message.size} bytes${message.forcedExpire ? ' · force-expired' : ''}`,
    `envelope from ${sanitizeForTerminal(message.sender)}`,
    ...message.recipients.map((r) => `  to ${sanitizeForTerminal(r.address)}${r.delayReason ? ` — ${sanitizeForTerminal(r.delayReason)}` : ''}`),
    '',
  ];
  const body = text.body.length > 0 ? ['— body —', ...text.body] : ['— empty body —'];
  return [...envelope, ...text.headers, ...body, ...(text.truncated ? ['… (only the start of the message is shown)'] : [])];
}

/** `postcat -q ID`: headers and the start of the body, control characters stripped, in the pager. */
export function QueueMessageView({ message, read, onClose }: { message: QueuedMessage; read: (id: string) => Promise<QueuedMessageText>; onClose: () => void }): ReactNode {
  const { bodyRows, theme } = useConsole();
  const [state, setState] = useState<{ lines?: string[]; error?: string }>({});
  useEffect(() => {
    let live = true;
    read(message.queueId).then(
      (text) => live && setState({ lines: messageLines(message, text) }),
      (error: unknown) => live && setState({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [read, message]);
  const lines = state.lines ?? [];
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Message {message.queueId} <Text dimColor>(postcat -hb -q {message.queueId})</Text>
      </Text>
      <Pager
        items={lines}
        render={plainLine}
        height={Math.max(1, bodyRows - 2)}
        onClose={onClose}
        closeAlso={['enter']}
        ascii={theme.ascii}
        empty={state.error ? <Text color="red">{state.error}</Text> : <Text dimColor>reading the message…</Text>}
      />
    </Box>
  );
}
