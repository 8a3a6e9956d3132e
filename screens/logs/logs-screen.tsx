import { Box, Text } from 'ink';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import type { LogLevel, LogTimeContext } from '../../src/dms/mail-log.js';
import { EXIM_LOG_DIR, EXIM_LOG_FILES, parseEximLogLine } from '../../src/formats/exim/main-log.js';
import type { FollowerOptions, LogEntry, LogFollower, MemberLogFile } from '../../src/services/log-follow.js';
import type { MailServer } from '../../src/services/mail-server.js';
import { memberLabel, type Stack, type StackMember } from '../../src/stacks/stack.js';
import { moveCursor, visibleWindow } from '../../src/ui/visible-window.js';
import { useConsole } from '../console-context.js';
import type { ScreenDefinition } from '../screen.js';
import { useBindings } from '../use-bindings.js';
import { useSubView } from '../use-sub-view.js';
import { LogLine, memberColumnWidth } from './log-line.js';
import { highlights, LOG_QUERY_HELP, logMatcher, parseLogQuery, type LogQuery } from './log-query.js';
import { LogTrace } from './log-trace.js';
import { FilteredLog } from './log-view.js';
import { LOGS_BINDINGS, type LogsAction } from './logs-keys.js';
import { useLogFollow } from './use-log-follow.js';

/** `l` steps through these minimum levels. */
const LEVEL_STEPS: readonly (LogLevel | undefined)[] = [undefined, 'info', 'warning', 'error'];
const EMPTY_QUERY = parseLogQuery('');

type Move = 'up' | 'down' | 'pageup' | 'pagedown' | 'home';

/** The lines shown: only matches, or (context mode) every line at the chosen level, synced with the buffer. */
function useFilteredLog(follower: LogFollower | undefined, query: LogQuery, minLevel: LogLevel | undefined, context: boolean, version: number) {
  const view = useMemo(
    () => (follower ? new FilteredLog<LogEntry>(follower.buffer, logMatcher(context ? EMPTY_QUERY : query, minLevel)) : undefined),
    [follower, query, minLevel, context],
  );
  // Takes in the lines that arrived since the last render (`version` changed); cheap: only new lines are tested.
  if (version >= 0) view?.sync();
  return view;
}

function statusLine(follower: LogFollower | undefined, shown: number, paused: { newer: number } | undefined, minLevel: LogLevel | undefined, context: boolean): string {
  if (!follower) return 'starting to follow…';
  const { buffer } = follower;
  return [
    paused ? `PAUSED (${paused.newer.toLocaleString('en-US')} newer lines; End/f follows)` : 'following',
    `${shown.toLocaleString('en-US')} of ${buffer.length.toLocaleString('en-US')} lines`,
    ...(buffer.dropped ? [`${buffer.dropped.toLocaleString('en-US')} older dropped (keeps ${buffer.capacity.toLocaleString('en-US')})`] : []),
    ...(minLevel ? [`level ≥ ${minLevel}`] : []),
    ...(context ? ['all lines, matches highlighted'] : []),
    follower.describe(),
  ].join(' · ');
}

/**
 * DMS writes mail.log and fail2ban.log beside its output. The mlan images log only to their output: there the view
 * merges every member's output, each line tagged with its member; docker-dovecot's Exims add their log files.
 */
function logSourcesFor(stack: Stack | undefined, server: MailServer): FollowerOptions | undefined {
  if (!stack || stack.kind === 'dms') return undefined;
  // Where roles repeat (docker-dovecot's three Exims), the compose service tells them apart in a narrow column.
  const label = (m: StackMember): string => memberLabel(stack, m);
  const own = stack.members.find((m) => m.target === server.target);
  return {
    sources: ['container'],
    member: own ? label(own) : undefined,
    otherMembers: stack.members.filter((m) => m !== own).map((m) => ({ label: label(m), target: m.target })),
    memberFiles: stack.kind === 'docker-dovecot' ? eximLogFiles(stack.members.filter((m) => m.role === 'mta'), label) : undefined,
  };
}

/** docker-dovecot's Exims log to files only (LOG_FILE_PATH of its build): main, reject and panic in each. */
function eximLogFiles(exims: readonly StackMember[], label: (m: StackMember) => string): MemberLogFile[] {
  return exims.flatMap((m) =>
    EXIM_LOG_FILES.map((file) => ({
      label: label(m),
      target: m.target,
      path: `${EXIM_LOG_DIR}/${file}.log`,
      parse: (line: string, context: LogTimeContext) => parseEximLogLine(line, file, context),
      optional: file !== 'main',
    })),
  );
}

function memberLabels(sources: FollowerOptions | undefined): string[] {
  if (!sources) return [];
  return [sources.member ?? '', ...(sources.otherMembers ?? []).map((m) => m.label)];
}

function LogsScreen({ shown, focused }: { shown: boolean; focused: boolean }): ReactNode {
  const { server, stack, filter, bodyRows, theme, setStatus } = useConsole();
  const sources = useMemo(() => logSourcesFor(stack, server), [stack, server]);
  const memberWidth = useMemo(() => memberColumnWidth(memberLabels(sources)), [sources]);
  const { follower, version } = useLogFollow(server, shown, (text) => setStatus(text), sources);
  const [paused, setPaused] = useState<number>();
  const [timestamps, setTimestamps] = useState(true);
  const [minLevel, setMinLevel] = useState<LogLevel>();
  const [context, setContext] = useState(false);
  const [trace, setTrace] = useSubView<{ queueId: string; buffered: LogEntry[] }>();
  const offset = useRef(0);

  const query = useMemo(() => parseLogQuery(filter), [filter]);
  const view = useFilteredLog(follower, query, minLevel, context, version);
  const total = view?.length ?? 0;
  const height = Math.max(1, bodyRows - 1);
  const cursor = paused === undefined ? total - 1 : Math.min(view?.indexAtOrAfter(paused) ?? 0, total - 1);
  const pauseAt = (index: number): void => setPaused(view?.seqAt(Math.max(0, Math.min(index, total - 1))));

  const findMatch = (direction: 1 | -1): void => {
    if (!view) return;
    const matches = logMatcher(query, minLevel);
    for (let i = cursor + direction; i >= 0 && i < total; i += direction) {
      if (matches(view.at(i)!)) return pauseAt(i);
    }
    setStatus(`No ${direction > 0 ? 'later' : 'earlier'} match.`);
  };

  const traceCursor = (): void => {
    const entry = view?.at(cursor);
    if (!entry?.queueId) return setStatus('This line has no queue ID: move onto a line that has one (↑ pauses).');
    setTrace({ queueId: entry.queueId, buffered: follower?.entries() ?? [] });
  };

  const handle = (action: LogsAction): void => {
    switch (action) {
      case 'up': case 'down': case 'pageup': case 'pagedown': case 'home':
        return pauseAt(moveCursor(cursor, total, action as Move, height));
      case 'follow':
        return setPaused(undefined);
      case 'trace':
        return traceCursor();
      case 'timestamps':
        return setTimestamps((t) => !t);
      case 'level':
        return setMinLevel((l) => LEVEL_STEPS[(LEVEL_STEPS.indexOf(l) + 1) % LEVEL_STEPS.length]);
      case 'context':
        return setContext((c) => !c);
      case 'next':
        return findMatch(1);
      case 'previous':
        return findMatch(-1);
      default:
        return undefined;
    }
  };

  useBindings(LOGS_BINDINGS, handle, { isActive: focused && trace === undefined });

  if (!shown) return null;
  if (trace) return <LogTrace queueId={trace.queueId} buffered={trace.buffered} files={sources?.memberFiles} memberWidth={memberWidth} onClose={() => setTrace(undefined)} />;

  const window = paused === undefined ? { offset: Math.max(0, total - height), end: total } : visibleWindow(total, cursor, height, offset.current);
  offset.current = window.offset;
  const lit = highlights(query) ? query : undefined;
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">
        {statusLine(follower, total, paused === undefined ? undefined : { newer: total - 1 - cursor }, minLevel, context)}
        {query.problems.length ? ` · not understood: ${query.problems.join(', ')} · ${LOG_QUERY_HELP}` : ''}
      </Text>
      {total === 0 && follower && <Text dimColor>{filter ? `No line matches "${filter}" yet. ${LOG_QUERY_HELP}` : 'Waiting for log lines…'}</Text>}
      {view?.slice(window.offset, window.end).map((entry, i) => (
        <LogLine key={entry.seq} entry={entry} selected={paused !== undefined && window.offset + i === cursor} timestamps={timestamps} query={lit} theme={theme} memberWidth={memberWidth} />
      ))}
    </Box>
  );
}

export const logsScreen: ScreenDefinition = {
  id: 'logs',
  title: 'Logs',
  bindings: LOGS_BINDINGS,
  Component: LogsScreen,
};
