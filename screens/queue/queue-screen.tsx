import { Box, Text } from 'ink';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { QueuedMessage } from '../../src/dms/postqueue.js';
import type { MailServer } from '../../src/services/mail-server.js';
import { queueBackendFor, type QueueBackend } from '../../src/services/queue-backend.js';
import type { QueueAction, QueueSnapshot } from '../../src/services/queue.js';
import type { Stack } from '../../src/stacks/stack.js';
import { ListPanelRows, useListPanel } from '../../src/ui/list-panel.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { useConsole } from '../console-context.js';
import type { ScreenDefinition } from '../screen.js';
import { useSubView } from '../use-sub-view.js';
import { useAction } from '../use-action.js';
import { useBindings } from '../use-bindings.js';
import { ACTION_WORDS, confirmation, describeMessages, flushAllConfirmation } from './queue-describe.js';
import { QUEUE_BINDINGS, type QueueKeyAction } from './queue-keys.js';
import { QueueMessageView } from './queue-message.js';
import {
  actionTargets,
  groupsOf,
  nextSort,
  queueCounts,
  scopeLabel,
  scopeOf,
  shownMessages,
  sortLabel,
  VIEWS,
  type GroupScope,
  type QueueGroup,
  type QueueSort,
  type QueueView,
} from './queue-model.js';
import { parseQueueQuery, QUEUE_QUERY_HELP } from './queue-query.js';
import { domainColumnWidth, GroupRow, QueueHeader, queueLayout, QueueRow } from './queue-row.js';

const POLL_MS = 5000;
/** Rows above the list: the summary line and the column header. */
const HEADER_ROWS = 2;

/** Makes the queue backend for the console's server and stack (Postfix, or a stack's Exims). */
export type QueueBackendMaker = (server: MailServer, stack: Stack | undefined) => Promise<QueueBackend>;


/** A row of the screen: a group of messages (the grouped views) or one message. */
type QueueLine = { group: QueueGroup; message?: undefined } | { message: QueuedMessage; group?: undefined };

const lineKey = (line: QueueLine): string =>
  line.group ? `group\u0000${'reason' in line.group ? line.group.reason : ''}\u0000${line.group.domain}` : `message\u0000${line.message.instance ?? ''}\u0000${line.message.queueId}`;

/** The rows of the screen: messages (list view or an opened group) or groups. */
function useQueueRows(snapshot: QueueSnapshot | undefined, filterText: string, view: QueueView, scope: GroupScope | undefined, sort: QueueSort) {
  const query = useMemo(() => parseQueueQuery(filterText), [filterText]);
  const nowSeconds = Math.floor((snapshot?.readAt ?? Date.now()) / 1000);
  const messages = useMemo(
    () => shownMessages(snapshot?.messages ?? [], query.filter, scope, sort, nowSeconds),
    [snapshot, query, scope, sort, nowSeconds],
  );
  const groups = useMemo(() => (view !== 'list' && !scope ? groupsOf(messages, view) : undefined), [messages, view, scope]);
  const lines = useMemo<QueueLine[]>(() => (groups ? groups.map((group) => ({ group })) : messages.map((message) => ({ message }))), [groups, messages]);
  return { query, nowSeconds, messages, groups, lines };
}

function summaryLine(snapshot: QueueSnapshot | undefined, shown: number, marked: number, sort: QueueSort, scope: GroupScope | undefined, command: string): string {
  if (!snapshot) return '';
  const counts = queueCounts(snapshot.messages);
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([q, n]) => `${n} ${q}`);
  return [
    `${snapshot.messages.length.toLocaleString('en-US')} queued${parts.length ? ` (${parts.join(', ')})` : ''}`,
    `${shown.toLocaleString('en-US')} shown`,
    ...(marked ? [`${marked} marked`] : []),
    ...(scope ? [`group: ${scopeLabel(scope)} (Bksp back)`] : []),
    `sorted by ${sortLabel(sort)}`,
    ...(snapshot.malformed.length ? [`${snapshot.malformed.length} unreadable line(s)`] : []),
    command,
  ].join(' · ');
}

function QueueScreen({ shown, focused, make }: { shown: boolean; focused: boolean; make: QueueBackendMaker }): ReactNode {
  const { server, stack, filter, bodyRows, columns, theme, setStatus, ask } = useConsole();
  // Made once per server: finding a stack's Exims (their binaries and configurations) is not repeated at each poll.
  const backend = useMemo(() => {
    const made = make(server, stack);
    made.catch(() => undefined);
    return made;
  }, [make, server, stack]);
  const readMessage = useCallback(async (id: string) => (await backend).readMessage(id), [backend]);
  const [ready, setReady] = useState<QueueBackend>();
  const queue = usePolling(async () => {
    const made = await backend;
    setReady(made);
    return made.list();
  }, POLL_MS, shown);
  const { busy, run } = useAction(queue.refresh);
  const [view, setView] = useState<QueueView>('list');
  const [scope, setScope] = useState<GroupScope>();
  const [sort, setSort] = useState<QueueSort>({ column: 'arrivalTime', direction: 'asc' });
  const [marks, setMarks] = useState<ReadonlySet<string>>(new Set());
  /** The message open in the message view, drawn instead of the list. */
  const [opened, setOpened] = useSubView<QueuedMessage>();

  const { query, nowSeconds, messages, groups, lines } = useQueueRows(queue.data, filter, view, scope, sort);
  const height = Math.max(1, bodyRows - HEADER_ROWS);
  const list = useListPanel({ items: lines, keyOf: lineKey, page: height });
  const { group, message } = list.selected ?? {};

  const act = async (action: QueueAction): Promise<void> => {
    const targets = actionTargets(queue.data?.messages ?? [], marks, { group, message });
    if (targets.messages.length === 0) return setStatus('No message selected.');
    const context = targets.from === 'group' && group && 'reason' in group ? `Reason: ${group.example ?? group.reason}` : undefined;
    const ids = targets.messages.map((m) => m.queueId);
    const { question, detail } = confirmation(action, targets.messages, ready?.commandFor(action) ?? '', context);
    if (!(await ask.confirm(question, detail))) return;
    setMarks(new Set());
    run(ACTION_WORDS[action].audit, describeMessages(targets.messages), async () => (await (await backend).apply(action, ids)).summary);
  };

  const flushAll = async (): Promise<void> => {
    const { question, detail } = flushAllConfirmation(queue.data?.messages.length ?? 0, ready?.commandFor('flush-all') ?? '');
    if (await ask.confirm(question, detail)) run('flush queue', 'all deferred messages', async () => (await backend).flushAll());
  };

  const toggleAll = (): void =>
    setMarks((old) => {
      const all = messages.map((m) => m.queueId);
      return all.length > 0 && all.every((id) => old.has(id)) ? new Set() : new Set([...old, ...all]);
    });

  const toggleOne = (id: string): void =>
    setMarks((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const open = (): void => {
    if (group && view !== 'list') {
      setScope(scopeOf(group, view));
      return list.reset();
    }
    if (message) setOpened(message);
  };

  const give = (action: QueueAction) => (): void => void act(action);
  useBindings<QueueKeyAction>(
    QUEUE_BINDINGS,
    {
      ...list.moves,
      view: () => {
        setScope(undefined);
        list.reset();
        setView((v) => VIEWS[(VIEWS.indexOf(v) + 1) % VIEWS.length]!);
      },
      back: () => {
        if (!scope) return;
        setScope(undefined);
        list.reset();
      },
      sort: () => setSort(nextSort),
      reverse: () => setSort((s) => ({ ...s, direction: s.direction === 'asc' ? 'desc' : 'asc' })),
      refresh: () => queue.refresh(),
      open,
      mark: () => {
        if (message) toggleOne(message.queueId);
        list.moves.down();
      },
      markAll: toggleAll,
      flushAll: () => void flushAll(),
      flush: give('flush'),
      hold: give('hold'),
      release: give('release'),
      requeue: give('requeue'),
      delete: give('delete'),
      bounce: give('bounce'),
    },
    { isActive: focused && opened === undefined, busy },
  );

  if (!shown) return null;
  if (opened) return <QueueMessageView message={opened} read={readMessage} onClose={() => setOpened(undefined)} />;

  const domainWidth = groups ? domainColumnWidth(groups) : 0;
  const layout = queueLayout(queue.data?.messages ?? []);
  const empty = queue.data
    ? filter || scope
      ? `No queued message matches. ${QUEUE_QUERY_HELP}`
      : 'The queue is empty.'
    : queue.loading
      ? 'reading the queue…'
      : '';
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">
        {summaryLine(queue.data, messages.length, marks.size, sort, scope, ready?.listCommand ?? '')}
        {query.problems.length ? ` · not understood: ${query.problems.join(', ')} · ${QUEUE_QUERY_HELP}` : ''}
        {queue.error ? ` · ${queue.error}` : ''}
      </Text>
      {groups ? (
        <Text bold wrap="truncate">{view === 'reason' ? `        messages  ${'recipient domain'.padEnd(domainWidth)} reason` : '        messages  recipient domain'}</Text>
      ) : (
        <QueueHeader width={columns} sortColumn={sort.column} layout={layout} />
      )}
      <ListPanelRows
        panel={list}
        height={height}
        empty={empty}
        renderRow={(line, selected) =>
          line.group ? (
            <GroupRow group={line.group} selected={selected} marked={line.group.messages.filter((m) => marks.has(m.queueId)).length} domainWidth={domainWidth} />
          ) : (
            <QueueRow message={line.message} selected={selected} marked={marks.has(line.message.queueId)} nowSeconds={nowSeconds} width={columns} theme={theme} layout={layout} />
          )
        }
      />
    </Box>
  );
}

/** The Queue screen over a queue backend: the server's Postfix or its stack's Exims (the default) or, for benchmarks, fixtures. */
export function createQueueScreen(make: QueueBackendMaker = queueBackendFor): ScreenDefinition {
  const Component = (props: { shown: boolean; focused: boolean }): ReactNode => <QueueScreen {...props} make={make} />;
  return { id: 'queue', title: 'Queue', bindings: QUEUE_BINDINGS, Component };
}

export const queueScreen: ScreenDefinition = createQueueScreen();
