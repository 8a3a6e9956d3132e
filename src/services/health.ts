import { parsePostqueueJson } from '../dms/postqueue.js';
import { parseSupervisorStatus, type ProgramStatus } from '../dms/supervisor-status.js';
import { parseSvStatus } from '../formats/runit/sv-status.js';
import { isTargetError } from '../target/index.js';
import { fail2banRunning, listBans } from './bans.js';
import type { MailServer } from './mail-server.js';
import { configuredCertificate, type CertificateSummary } from './tls/configured-certificate.js';

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
  /** The certificate Postfix serves; undefined without TLS. */
  certificate?: CertificateSummary;
}

/** The server's daemons: supervisord's programs (DMS), else runit's services (the mlan images). */
async function programs(server: MailServer): Promise<ProgramStatus[]> {
  const supervisor = await server.target.exec(['supervisorctl', 'status']).catch((error: unknown) => {
    if (isTargetError(error, 'COMMAND_MISSING')) return undefined;
    throw error;
  });
  if (supervisor) return parseSupervisorStatus(supervisor.stdout);
  const runit = await server.target.exec(['sh', '-c', 'sv status /etc/service/* 2>&1']);
  return parseSvStatus(runit.stdout);
}

async function queueSummary(server: MailServer, now: number): Promise<QueueSummary | undefined> {
  const result = await server.target.exec(['postqueue', '-j'], { timeoutMs: 60_000 });
  if (result.exitCode !== 0) return undefined;
  const { messages } = parsePostqueueJson(result.stdout);
  const byQueue: Record<string, number> = {};
  let oldest = now;
  for (const message of messages) {
    byQueue[message.queueName] = (byQueue[message.queueName] ?? 0) + 1;
    oldest = Math.min(oldest, message.arrivalTime);
  }
  return { total: messages.length, byQueue, oldestSeconds: messages.length ? Math.max(0, now - oldest) : 0 };
}

async function banSummary(server: MailServer): Promise<HealthSnapshot['bans']> {
  if (!(await fail2banRunning(server))) return undefined;
  return (await listBans(server)).map((j) => ({ jail: j.jail, banned: j.banned.length }));
}

/** The quick part of the Health screen: services, queue, bans, certificate; a handful of calls in parallel. */
export async function healthSnapshot(server: MailServer, now = Date.now() / 1000): Promise<HealthSnapshot> {
  const [programList, queue, bans, certificate] = await Promise.all([
    programs(server),
    queueSummary(server, now),
    banSummary(server),
    configuredCertificate(server.target, new Date(now * 1000)).catch(() => undefined),
  ]);
  return { programs: programList, queue, bans, certificate };
}
