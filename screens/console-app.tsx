import { Box, Text, useApp, useInput } from 'ink';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { AuditEntry } from '../src/services/audit-log.js';
import type { MailServer } from '../src/services/mail-server.js';
import { backendGap, stackNotices } from '../src/stacks/backends.js';
import type { Stack } from '../src/stacks/stack.js';
import { actionFor } from '../src/ui/keymap.js';
import { detectTheme, tint } from '../src/ui/theme.js';
import { useTerminalSize } from '../src/ui/use-terminal-size.js';
import { ConsoleContext, type ConsoleContextValue, type StatusKind } from './console-context.js';
import { ConsoleHeader } from './console-header.js';
import { HelpOverlay } from './help-overlay.js';
import { KeyLine } from './key-line.js';
import { LineInput } from './line-input.js';
import type { ScreenDefinition } from './screen.js';
import { useAsk } from './use-ask.js';
import { SHELL_BINDINGS } from './shell-keys.js';

export interface ConsoleAppProps {
  server: MailServer;
  /** The mail system `server` belongs to; screens it has no backend for say so in one line. */
  stack?: Stack;
  screens: readonly ScreenDefinition[];
  readOnly?: boolean;
  initialScreen?: string;
  /** Appends to the audit log; every change made from the console goes through it. */
  audit?: (entry: Omit<AuditEntry, 'time' | 'user'>) => void;
  readAudit?: () => Promise<AuditEntry[]>;
}

type Mode = { kind: 'normal' } | { kind: 'filter' } | { kind: 'command' } | { kind: 'help' } | { kind: 'audit'; lines: string[] };

/** Rows the shell itself uses: header, tabs, a gap, the status line and the key line. */
const CHROME_ROWS = 6;

/** The admin console: a header, one screen at a time, a status line and the main keys. */
export function ConsoleApp({ server, stack, screens, readOnly = false, initialScreen, audit, readAudit }: ConsoleAppProps): ReactNode {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const theme = useMemo(() => detectTheme(), []);
  const [active, setActive] = useState(() => Math.max(0, screens.findIndex((s) => s.id === initialScreen)));
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<Mode>({ kind: 'normal' });
  const [capturing, setCapturing] = useState(false);
  const { ask, open: asking, dialog } = useAsk();
  const [status, setStatusState] = useState<{ text: string; kind: StatusKind }>({
    text: readOnly ? 'Read-only mode: actions that change the server are off.' : '',
    kind: 'info',
  });
  const screen = screens[active];
  const filter = screen ? (filters[screen.id] ?? '') : '';

  const setStatus = useCallback((text: string, kind: StatusKind = 'info') => setStatusState({ text, kind }), []);
  const record = useCallback<ConsoleContextValue['record']>(
    (action, target, outcome) => {
      audit?.({ action, target, result: outcome.ok ? 'ok' : 'failed', detail: outcome.detail });
      setStatus(outcome.ok ? `${action} ${target}: done${outcome.detail ? ` (${outcome.detail})` : ''}` : `${action} ${target} failed: ${outcome.detail ?? ''}`, outcome.ok ? 'ok' : 'error');
    },
    [audit, setStatus],
  );
  const setFilter = (value: string): void => {
    if (screen) setFilters((f) => ({ ...f, [screen.id]: value }));
  };

  const runCommand = (line: string): void => {
    const word = line.trim().toLowerCase();
    const target = screens.findIndex((s) => s.id === word || s.title.toLowerCase() === word);
    if (word === 'q' || word === 'quit') return exit();
    if (word === 'help') return setMode({ kind: 'help' });
    if (target >= 0) {
      setActive(target);
      return setMode({ kind: 'normal' });
    }
    if (word === 'audit') {
      setMode({ kind: 'audit', lines: ['loading…'] });
      void (readAudit?.() ?? Promise.resolve([])).then((entries) =>
        setMode({
          kind: 'audit',
          lines: entries.length
            ? entries.slice(-200).map((e) => `${e.time}  ${e.user}  ${e.result === 'ok' ? 'ok    ' : 'FAILED'}  ${e.action} ${e.target}${e.detail ? ` — ${e.detail}` : ''}`)
            : ['No changes recorded yet.'],
        }),
      );
      return;
    }
    setMode({ kind: 'normal' });
    setStatus(`Unknown command "${line}". Try :help, :audit, :quit or a screen name.`, 'error');
  };

  useInput(
    (input, key) => {
      if (mode.kind === 'help' || mode.kind === 'audit') {
        if (key.escape || input === 'q' || input === '?') setMode({ kind: 'normal' });
        return;
      }
      const number = Number(input);
      if (Number.isInteger(number) && number >= 1 && number <= screens.length && input.length === 1) {
        setActive(number - 1);
        return;
      }
      const binding = actionFor(SHELL_BINDINGS, input, key);
      switch (binding?.action) {
        case 'next':
          return setActive((a) => (a + 1) % screens.length);
        case 'previous':
          return setActive((a) => (a - 1 + screens.length) % screens.length);
        case 'filter':
          return setMode({ kind: 'filter' });
        case 'command':
          return setMode({ kind: 'command' });
        case 'help':
          return setMode({ kind: 'help' });
        case 'clear':
          return setFilter('');
        case 'quit':
          return exit();
        default:
          return undefined;
      }
    },
    { isActive: !capturing && !asking && mode.kind !== 'filter' && mode.kind !== 'command' },
  );

  const bodyRows = Math.max(3, rows - CHROME_ROWS - (mode.kind === 'filter' || filter ? 1 : 0));
  const context: ConsoleContextValue = { server, stack, readOnly, theme, filter, bodyRows, columns, setCapturing, setStatus, ask, record };
  const statusColor = status.kind === 'error' ? 'red' : status.kind === 'ok' ? 'green' : undefined;

  return (
    <ConsoleContext.Provider value={context}>
      <Box flexDirection="column" width={columns}>
        <ConsoleHeader server={server} stack={stack} theme={theme} />
        <Box>
          {screens.map((s, i) => (
            <Text key={s.id} inverse={i === active} bold={i === active}>
              {` ${i + 1} ${s.title} `}
            </Text>
          ))}
          {readOnly && <Text color={tint(theme, 'yellow')}> [read-only]</Text>}
        </Box>
        {mode.kind === 'filter' && (
          <LineInput prompt="/" initial={filter} onChange={setFilter} onDone={(value) => { setFilter(value); setMode({ kind: 'normal' }); }} onCancel={() => { setFilter(''); setMode({ kind: 'normal' }); }} />
        )}
        {mode.kind !== 'filter' && filter !== '' && <Text dimColor>filter: {filter} (Esc clears)</Text>}
        {mode.kind === 'command' && (
          <LineInput prompt=":" initial="" onDone={runCommand} onCancel={() => setMode({ kind: 'normal' })} />
        )}
        <Box flexDirection="column" height={bodyRows} overflow="hidden">
          {mode.kind === 'help' && screen && <HelpOverlay screen={screen} screens={screens} theme={theme} readOnly={readOnly} rows={bodyRows} />}
          {mode.kind === 'audit' && mode.lines.slice(-bodyRows).map((line, i) => <Text key={i} wrap="truncate">{line}</Text>)}
          {dialog}
          {screens.map((s, i) => {
            const gap = backendGap(stack, s.id);
            return (
              <Box key={s.id} display={i === active && !asking && (mode.kind === 'normal' || mode.kind === 'filter' || mode.kind === 'command') ? 'flex' : 'none'} flexDirection="column">
                {stackNotices(stack, s.id).map((notice) => (
                  <Text key={notice} color={tint(theme, 'yellow')} wrap="truncate">
                    {notice}
                  </Text>
                ))}
                {gap ? <Text wrap="wrap">{gap}</Text> : <s.Component shown={i === active} focused={i === active && !asking && mode.kind === 'normal'} />}
              </Box>
            );
          })}
        </Box>
        <Text color={statusColor ? tint(theme, statusColor) : undefined} wrap="truncate">
          {status.text || ' '}
        </Text>
        {screen && <KeyLine screen={screen} theme={theme} readOnly={readOnly} />}
      </Box>
    </ConsoleContext.Provider>
  );
}
