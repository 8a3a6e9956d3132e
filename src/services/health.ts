import { parseSupervisorStatus, type ProgramStatus } from '../dms/supervisor-status.js';
import { parseSvStatus } from '../formats/runit/sv-status.js';
import { isTargetError, type Target } from '../target/index.js';
import type { Role } from '../stacks/detect.js';
import { memberLabel, type Stack } from '../stacks/stack.js';
import { fail2banRunning, listBans } from './bans.js';
import { unrotatedEximLogs, type MemberUnrotatedLog } from './exim-log-rotation.js';
import type { MailServer } from './mail-server.js';
import { probeLmtp, type LmtpProbe } from './lmtp-probe.js';
import { queueBackendFor } from './queue-backend.js';
import { configuredCertificate, type CertificateSummary } from './tls/configured-certificate.js';
import { eximCertificate } from './tls/exim-certificate.js';
import { locateExim } from './exim-queue.js';

export interface QueueSummary {
  total: number;
  byQueue: Record<string, number>;
  /** Age in seconds of the oldest message, 0 when the queue is empty. */
  oldestSeconds: number;
}

export interface HealthSnapshot {
  programs: ProgramStatus[];
  queue?: QueueSummary;
  /** Undefined when fail2ban is not running. */
  bans?: { jail: string; banned: number }[];
  /** The certificate the MTA is configured to serve (Postfix, or docker-dovecot's Exim); undefined without TLS. */
  certificate?: CertificateSummary;
  /** Why there is none, where the MTA's setting says more than "no TLS" (an Exim's tls_certificate). */
  certificateNote?: string;
  /** On a stack of several containers: each member's daemons (empty when it runs no supervisor). */
  members?: MemberServices[];
  /** On a stack whose MTA hands mail to the groupware over LMTP. */
  lmtp?: LmtpProbe;
  /** On docker-dovecot: the Exims whose log files nothing rotates. */
  unrotatedLogs?: MemberUnrotatedLog[];
}

export interface MemberServices {
  name: string;
  role: Role;
  state: string;
  programs: ProgramStatus[];
}

/** A container's daemons: supervisord's programs (DMS), else runit's services (the mlan images), else none. */
async function programs(target: Target): Promise<ProgramStatus[]> {
  const supervisor = await target.exec(['supervisorctl', 'status']).catch((error: unknown) => {
    if (isTargetError(error, 'COMMAND_MISSING')) return undefined;
    throw error;
  });
  if (supervisor) return parseSupervisorStatus(supervisor.stdout);
  const runit = await target.exec(['sh', '-c', 'sv status /etc/service/* 2>&1']);
  return parseSvStatus(runit.stdout);
}

async function memberServices(stack: Stack): Promise<MemberServices[]> {
  return Promise.all(
    stack.members.map(async (m) => {
      const state = (await m.target.info().catch(() => undefined))?.state ?? 'gone';
      return { name: m.name, role: m.role, state, programs: state === 'running' ? await programs(m.target).catch(() => []) : [] };
    }),
  );
}

/** The queue in a few numbers, from the console's own queue backend: Postfix, or every Exim of a docker-dovecot stack. */
async function queueSummary(server: MailServer, stack: Stack | undefined, now: number): Promise<QueueSummary | undefined> {
  const listing = await (await queueBackendFor(server, stack)).list().catch(() => undefined);
  if (!listing) return undefined;
  const byQueue: Record<string, number> = {};
  let oldest = now;
  for (const message of listing.messages) {
    byQueue[message.queueName] = (byQueue[message.queueName] ?? 0) + 1;
    oldest = Math.min(oldest, message.arrivalTime);
  }
  return { total: listing.messages.length, byQueue, oldestSeconds: listing.messages.length ? Math.max(0, now - oldest) : 0 };
}

async function banSummary(server: MailServer): Promise<HealthSnapshot['bans']> {
  if (!(await fail2banRunning(server))) return undefined;
  return (await listBans(server)).map((j) => ({ jail: j.jail, banned: j.banned.length }));
}

type Tls = Pick<HealthSnapshot, 'certificate' | 'certificateNote'>;

async function postfixTls(server: MailServer, now: Date): Promise<Tls> {
  const certificate = await configuredCertificate(server.target, now).catch(() => undefined);
  return certificate ? { certificate } : {};
}

/** The certificate of the Exim the console talks to (the stack's first MTA), from its tls_certificate setting. */
async function eximTls(server: MailServer, stack: Stack, now: Date): Promise<Tls> {
  const own = stack.members.find((m) => m.name === server.target.name);
  const found = await locateExim(server.target, own?.info.labels)
    .then((command) => eximCertificate(server.target, command, now))
    .catch(() => ({ kind: 'unknown' as const }));
  const where = `${own ? memberLabel(stack, own) : server.target.name}'s Exim`;
  switch (found.kind) {
    case 'served':
      return { certificate: found.summary };
    case 'unset':
      return { certificateNote: `no TLS certificate in ${where} (tls_certificate is unset): passwords travel in plain text` };
    case 'expansion':
      return { certificateNote: `${where} takes its certificate from an expansion, not read here: tls_certificate = ${found.setting}` };
    default:
      return { certificateNote: `${where}'s tls_certificate could not be read` };
  }
}

/**
 * The quick part of the Health screen: services, queue, bans, certificate; a handful of calls in parallel. On a
 * stack of several containers, also every member's daemons and the MTA's LMTP hand-over; `server` is its MTA.
 */
export async function healthSnapshot(server: MailServer, options: { stack?: Stack; now?: number } = {}): Promise<HealthSnapshot> {
  const now = options.now ?? Date.now() / 1000;
  const stack = options.stack && options.stack.members.length > 1 ? options.stack : undefined;
  const [programList, queue, bans, tls, members, lmtp, unrotatedLogs] = await Promise.all([
    stack ? Promise.resolve([]) : programs(server.target),
    queueSummary(server, options.stack, now),
    banSummary(server),
    stack?.kind === 'docker-dovecot' ? eximTls(server, stack, new Date(now * 1000)) : postfixTls(server, new Date(now * 1000)),
    stack ? memberServices(stack) : undefined,
    stack ? probeLmtp(stack).catch(() => undefined) : undefined,
    stack?.kind === 'docker-dovecot' ? unrotatedEximLogs(stack).catch(() => undefined) : undefined,
  ]);
  const own = members?.find((m) => m.name === server.target.name)?.programs;
  return { programs: own ?? programList, queue, bans, ...tls, members, lmtp, ...(unrotatedLogs?.length ? { unrotatedLogs } : {}) };
}
