import { Box, Text, useInput } from 'ink';
import { useEffect, useState, type ReactNode } from 'react';
import type { QueuedMessage } from '../../src/dms/postqueue.js';
import { sanitizeForTerminal } from '../../src/dms/terminal-text.js';
import type { QueuedMessageText } from '../../src/services/queue.js';
import { moveCursor } from '../../src/ui/visible-window.js';
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

/** `postcat -q ID`: headers and the start of the body, control characters stripped; ↑/↓ scroll, Esc closes. */
export function QueueMessageView({ message, read, onClose }: { message: QueuedMessage; read: (id: string) => Promise<QueuedMessageText>; onClose: () => void }): ReactNode {
  const { bodyRows } = useConsole();
  const [state, setState] = useState<{ lines?: string[]; error?: string }>({});
  const [top, setTop] = useState(0);
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
  const height = Math.max(1, bodyRows - 2);
  useInput((input, key) => {
    if (key.escape || key.return || input === 'q' || key.leftArrow || key.backspace) return onClose();
    const page = height;
    const max = Math.max(0, lines.length - height);
    if (key.upArrow || input === 'k') setTop((t) => moveCursor(t, max + 1, 'up', page));
    if (key.downArrow || input === 'j') setTop((t) => moveCursor(t, max + 1, 'down', page));
    if (key.pageUp) setTop((t) => moveCursor(t, max + 1, 'pageup', page));
    if (key.pageDown || input === ' ') setTop((t) => moveCursor(t, max + 1, 'pagedown', page));
  });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Message {message.queueId} <Text dimColor>(postcat -hb -q {message.queueId}) · ↑/↓ scroll · Esc back</Text>
      </Text>
      {state.error && <Text color="red">{state.error}</Text>}
      {!state.error && !state.lines && <Text dimColor>reading the message…</Text>}
      {lines.slice(top, top + height).map((line, i) => (
        <Text key={top + i} wrap="truncate">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
