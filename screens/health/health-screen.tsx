import { Box, Text } from 'ink';
import { useState, type ReactNode } from 'react';
import { sanitizeForTerminal } from '../../src/dms/terminal-text.js';
import type { ProgramStatus } from '../../src/dms/supervisor-status.js';
import type { MemberServices } from '../../src/services/health.js';
import { formatDuration } from '../../src/ui/format-duration.js';
import { tint, type Theme } from '../../src/ui/theme.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { useConsole } from '../console-context.js';
import type { ScreenDefinition } from '../screen.js';
import { useBindings } from '../use-bindings.js';
import { HEALTH_BINDINGS, type HealthAction } from './health-keys.js';
import { runHealthChecks, type CheckLine } from './run-checks.js';
import { displayWidth, padToWidth } from '../../src/ui/cell.js';
import { basename } from 'node:path';
import { iec } from '../../src/dms/quota-report.js';
import { EXIM_LOG_DIR } from '../../src/formats/exim/log-rotation.js';
import { UNROTATED_WARN_BYTES } from '../../src/services/exim-log-rotation.js';

const POLL_MS = 10_000;

type Checks = { state: 'idle' } | { state: 'running' } | { state: 'done'; at: Date; lines: CheckLine[]; exitStatus: number } | { state: 'failed'; error: string };

function mark(theme: Theme, status: string): ReactNode {
  const symbol = { pass: theme.symbols.ok, advice: 'i', warn: theme.symbols.warn, fail: theme.symbols.fail, unknown: '?' }[status] ?? '?';
  const color = { pass: 'green', advice: 'cyan', warn: 'yellow', fail: 'red', unknown: 'gray' }[status] ?? 'gray';
  return <Text color={tint(theme, color)}>{symbol}</Text>;
}

function ProgramMarks({ theme, programs }: { theme: Theme; programs: ProgramStatus[] }): ReactNode {
  return programs
    .filter((p) => !p.off)
    .map((p) => (
      <Text key={p.name}>
        {mark(theme, p.state === 'RUNNING' ? 'pass' : 'fail')} {p.name}
        {p.state === 'RUNNING' ? '' : ` ${p.state}`}
        {'  '}
      </Text>
    ));
}

/** One member of a stack: its daemons, or the container's own state when it runs no supervisor inside. */
function MemberLine({ theme, member }: { theme: Theme; member: MemberServices }): ReactNode {
  if (member.state !== 'running') return <>{mark(theme, 'fail')} container {member.state}</>;
  if (member.programs.length === 0) return <>{mark(theme, 'pass')} container running (no service supervisor inside)</>;
  const off = member.programs.filter((p) => p.off).map((p) => p.name);
  return (
    <>
      <ProgramMarks theme={theme} programs={member.programs} />
      {off.length > 0 && <Text dimColor>off: {off.join(' · ')}</Text>}
    </>
  );
}

function HealthScreen({ shown, focused }: { shown: boolean; focused: boolean }): ReactNode {
  const { server, stack, theme, bodyRows } = useConsole();
  // Loaded on first show: the checks behind it (DNS, certificates) are not needed to draw the console.
  const snapshot = usePolling(async () => (await import('../../src/services/health.js')).healthSnapshot(server, { stack }), POLL_MS, shown);
  const [checks, setChecks] = useState<Checks>({ state: 'idle' });
  const [scroll, setScroll] = useState(0);

  const runChecks = (): void => {
    setChecks({ state: 'running' });
    runHealthChecks(server).then(
      ({ report, lines }) => setChecks({ state: 'done', at: new Date(), lines, exitStatus: report.exitStatus }),
      (error: unknown) => setChecks({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  };

  useBindings<HealthAction>(
    HEALTH_BINDINGS,
    {
      check: () => (checks.state === 'running' ? undefined : runChecks()),
      refresh: () => snapshot.refresh(),
      up: () => setScroll((s) => Math.max(0, s - 1)),
      down: () => setScroll((s) => s + 1),
    },
    { isActive: focused },
  );

  if (!shown) return null;
  const data = snapshot.data;
  const programs = data?.programs ?? [];
  const queue = data?.queue;
  const certificate = data?.certificate;
  const memberWidth = Math.max(0, ...(data?.members ?? []).map((m) => displayWidth(m.role)));
  const summaryRows = 5 + (data?.members ? data.members.length - 1 : 1) + (data?.lmtp ? 1 : 0) + (data?.unrotatedLogs ? 1 + data.unrotatedLogs.length : 0);
  const resultRows = Math.max(1, bodyRows - summaryRows - 2);
  const lines = checks.state === 'done' ? checks.lines : [];
  const first = Math.min(scroll, Math.max(0, lines.length - resultRows));

  return (
    <Box flexDirection="column">
      {data?.members ? (
        data.members.map((member, i) => (
          <Text key={member.name} wrap="truncate">
            <Text bold>{i === 0 ? 'Services ' : '         '}</Text>
            {padToWidth(member.role, memberWidth)} <MemberLine theme={theme} member={member} />
          </Text>
        ))
      ) : (
        <>
          <Text wrap="truncate">
            <Text bold>Services </Text>
            {programs.length === 0 ? (snapshot.error ?? 'loading…') : null}
            <ProgramMarks theme={theme} programs={programs} />
          </Text>
          <Text wrap="truncate">
            <Text bold>Off      </Text>
            <Text dimColor>
              {programs.some((p) => p.off) ? `${programs.filter((p) => p.off).map((p) => p.name).join(' · ')} (not enabled by this server's settings)` : 'none'}
            </Text>
          </Text>
        </>
      )}
      {data?.lmtp && (
        <Text wrap="truncate">
          <Text bold>LMTP     </Text>
          {mark(theme, data.lmtp.ok ? 'pass' : 'fail')} {data.lmtp.from} → {sanitizeForTerminal(data.lmtp.destination)}:{' '}
          {sanitizeForTerminal(data.lmtp.answer)}
        </Text>
      )}
      {data?.unrotatedLogs && (
        <>
          <Text wrap="truncate">
            <Text bold>Logs     </Text>
            never rotated: no logrotate rule names {EXIM_LOG_DIR}, and no rotated copy lies beside the logs
          </Text>
          {data.unrotatedLogs.map((log) => (
            <Text key={log.member} wrap="truncate">
              {'         '}
              {mark(theme, log.bytes >= UNROTATED_WARN_BYTES ? 'warn' : 'advice')} {sanitizeForTerminal(log.member)} {sanitizeForTerminal(basename(log.path))} {iec(log.bytes)}
            </Text>
          ))}
        </>
      )}
      <Text wrap="truncate">
        <Text bold>Queue    </Text>
        {queue
          ? `${queue.total} message${queue.total === 1 ? '' : 's'}${Object.entries(queue.byQueue).map(([q, n]) => ` · ${q} ${n}`).join('')}${queue.total ? ` · oldest ${formatDuration(queue.oldestSeconds * 1000)}` : ''}`
          : 'unknown'}
      </Text>
      <Text wrap="truncate">
        <Text bold>Bans     </Text>
        {data?.bans
          ? data.bans.map((b) => `${b.jail} ${b.banned}`).join(' · ') || 'no jails'
          : stack && stack.kind !== 'dms'
            ? `no ban service in this ${stack.kind} stack`
            : 'fail2ban is not running'}
      </Text>
      <Text wrap="truncate">
        <Text bold>Cert     </Text>
        {certificate ? (
          <>
            {mark(theme, certificate.status)} {sanitizeForTerminal(certificate.names.join(', '))} · until {certificate.notAfter.toISOString().slice(0, 10)} (
            {certificate.daysLeft < 0 ? `expired ${-certificate.daysLeft} days ago` : `${certificate.daysLeft} days`}) · {sanitizeForTerminal(certificate.issuer)}
          </>
        ) : data?.certificateNote ? (
          sanitizeForTerminal(data.certificateNote)
        ) : data ? (
          stack && stack.kind !== 'dms' ? (
            `no TLS certificate in ${server.target.name}'s Postfix (smtpd_tls_cert_file): passwords travel in plain text`
          ) : (
            'no TLS certificate (SSL_TYPE is empty: passwords travel in plain text)'
          )
        ) : (
          'unknown'
        )}
      </Text>
      <Text wrap="truncate">
        <Text bold>DNS/TLS  </Text>
        {checks.state === 'idle' && 'press c to run every DNS and TLS check (asks public DNS and probes the mail ports)'}
        {checks.state === 'running' && 'checking…'}
        {checks.state === 'failed' && <Text color={tint(theme, 'red')}>{checks.error}</Text>}
        {checks.state === 'done' &&
          `${lines.filter((l) => l.result.status === 'fail').length} failed · ${lines.filter((l) => l.result.status === 'warn').length} warnings · ${lines.filter((l) => l.result.status === 'advice').length} advice · ${lines.length} checks · ${checks.at.toLocaleTimeString()}`}
      </Text>
      {lines.slice(first, first + resultRows).map((line, i) => (
        <Text key={`${first + i}`} wrap="truncate">
          {mark(theme, line.result.status)} {sanitizeForTerminal(line.group)}: {sanitizeForTerminal(line.result.summary)}
        </Text>
      ))}
    </Box>
  );
}

export const healthScreen: ScreenDefinition = {
  id: 'health',
  title: 'Health',
  bindings: HEALTH_BINDINGS,
  Component: HealthScreen,
};
