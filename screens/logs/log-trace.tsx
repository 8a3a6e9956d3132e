import { Box, Text } from 'ink';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { traceQueueId } from '../../src/dms/mail-log.js';
import { mergeTraces, traceOnServer, type LogEntry, type MemberLogFile } from '../../src/services/log-follow.js';
import { traceInMemberFiles } from '../../src/services/member-log-trace.js';
import { Pager } from '../../src/ui/pager.js';
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
  const searched = files?.length ? "the Exims' log files" : 'mail.log on the server';
  const source = remote.entries ? `${searched} + live lines` : remote.error ? `live lines only (${remote.error})` : `live lines; reading ${searched}…`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Trace of {queueId}: {entries.length} line{entries.length === 1 ? '' : 's'} <Text dimColor>({source})</Text>
      </Text>
      <Pager
        items={entries}
        render={(entry) => <LogLine entry={entry} selected={false} timestamps query={query} theme={theme} memberWidth={memberWidth} />}
        height={Math.max(1, bodyRows - 2)}
        onClose={onClose}
        closeAlso={['t']}
        ascii={theme.ascii}
      />
    </Box>
  );
}
