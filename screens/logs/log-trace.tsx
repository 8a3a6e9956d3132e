import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { traceQueueId } from '../../src/dms/mail-log.js';
import { mergeTraces, traceOnServer, type LogEntry, type MemberLogFile } from '../../src/services/log-follow.js';
import { traceInMemberFiles } from '../../src/services/member-log-trace.js';
import { moveCursor } from '../../src/ui/visible-window.js';
import { useConsole } from '../console-context.js';
import { LogLine } from './log-line.js';
import { parseLogQuery } from './log-query.js';

export interface LogTraceProps {
  queueId: string;
  buffered: readonly LogEntry[];
  /** Log files inside the stack's members (docker-dovecot's Exims): searched instead of the server's mail.log. */
  files?: readonly MemberLogFile[];
  memberWidth?: number;
  onClose: () => void;
}

/**
 * `t`: every line of one message's life in one view — mail.log on the server, or the Exims' logs (so lines older than
 * the buffer are there too) and the lines the buffer holds, in time order.
 */
export function LogTrace({ queueId, buffered, files, memberWidth, onClose }: LogTraceProps): ReactNode {
  const { server, bodyRows, theme } = useConsole();
  const local = useMemo(() => traceQueueId(buffered, queueId) as LogEntry[], [buffered, queueId]);
  const [remote, setRemote] = useState<{ entries?: LogEntry[]; error?: string }>({});
  const [top, setTop] = useState(0);
  useEffect(() => {
    let live = true;
    (files?.length ? traceInMemberFiles(files, queueId) : traceOnServer(server, queueId)).then(
      (entries) => live && setRemote({ entries }),
      (error: unknown) => live && setRemote({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [server, queueId, files]);
  const entries = useMemo(() => mergeTraces(remote.entries ?? [], local), [remote.entries, local]);
  const query = useMemo(() => parseLogQuery(queueId), [queueId]);
  const height = Math.max(1, bodyRows - 1);
  const max = Math.max(0, entries.length - height);

  useInput((input, key) => {
    if (key.escape || input === 'q' || input === 't' || key.backspace || key.leftArrow) return onClose();
    const move = key.upArrow || input === 'k' ? 'up' : key.downArrow || input === 'j' ? 'down' : key.pageUp ? 'pageup' : key.pageDown ? 'pagedown' : undefined;
    if (move) setTop((t) => moveCursor(t, max + 1, move, height));
  });

  const searched = files?.length ? "the Exims' log files" : 'mail.log on the server';
  const source = remote.entries ? `${searched} + live lines` : remote.error ? `live lines only (${remote.error})` : `live lines; reading ${searched}…`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Trace of {queueId}: {entries.length} line{entries.length === 1 ? '' : 's'} <Text dimColor>({source}) · ↑/↓ scroll · Esc back</Text>
      </Text>
      {entries.slice(top, top + height).map((entry, i) => (
        <LogLine key={`${top + i}`} entry={entry} selected={false} timestamps query={query} theme={theme} memberWidth={memberWidth} />
      ))}
    </Box>
  );
}
