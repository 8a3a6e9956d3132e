import { parseJailList, parseJailStatus, type JailStatus } from '../dms/fail2ban-status.js';
import { ipProblem, printable } from '../dms/validate.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

/** Fail2ban on the mail server: who is banned where, and manual bans (DMS's jail `custom`) and unbans. */

/** The jail DMS ships for bans made by hand. */
export const MANUAL_JAIL = 'custom';

export const FAIL2BAN_LOG = '/var/log/mail/fail2ban.log';

export interface JailBans {
  jail: string;
  banned: string[];
}

export interface JailReport {
  status: JailStatus;
  /** fail2ban's own text, as `setup fail2ban status` prints it. */
  text: string;
}

export interface UnbanResult {
  jail: string;
  /** How many of the addresses were banned in this jail and are not any more. */
  count: number;
}

async function client(server: MailServer, argv: string[]): Promise<string> {
  const result = await server.target.exec(['fail2ban-client', ...argv]);
  if (result.exitCode !== 0) {
    throw new ServiceError(`fail2ban-client ${argv.join(' ')} failed: ${printable((result.stderr || result.stdout).trim())}`);
  }
  return result.stdout;
}

/** Refuses anything that is not an address or network before fail2ban sees it (it would take a host name). */
export function checkAddresses(addresses: readonly string[]): void {
  for (const address of addresses) {
    const problem = ipProblem(address);
    if (problem) throw new ServiceError(problem);
  }
}

export async function fail2banRunning(server: MailServer): Promise<boolean> {
  const result = await server.target.exec(['fail2ban-client', 'ping']).catch(() => undefined);
  return result?.exitCode === 0;
}

export async function requireFail2ban(server: MailServer): Promise<void> {
  if (!(await fail2banRunning(server))) throw new ServiceError('Fail2ban not running');
}

export async function jails(server: MailServer): Promise<string[]> {
  return parseJailList(await client(server, ['status']));
}

export async function jailReport(server: MailServer, jail: string): Promise<JailReport> {
  const text = await client(server, ['status', jail]);
  return { status: parseJailStatus(text), text };
}

/** Every jail with its report, in fail2ban's order. */
export async function jailReports(server: MailServer): Promise<JailReport[]> {
  return Promise.all((await jails(server)).map((jail) => jailReport(server, jail)));
}

export async function listBans(server: MailServer): Promise<JailBans[]> {
  return (await jailReports(server)).map(({ status }) => ({ jail: status.jail, banned: status.bannedIps }));
}

/** Bans addresses or networks in the manual jail; resolves to how many were newly banned. */
export async function ban(server: MailServer, addresses: readonly string[]): Promise<number> {
  checkAddresses(addresses);
  const output = await client(server, ['set', MANUAL_JAIL, 'banip', ...addresses]);
  return Number.parseInt(output.trim(), 10) || 0;
}

/** Lifts bans in every jail; resolves to the jails where something was lifted. */
export async function unban(server: MailServer, addresses: readonly string[]): Promise<UnbanResult[]> {
  checkAddresses(addresses);
  const results: UnbanResult[] = [];
  for (const jail of await jails(server)) {
    const output = await client(server, ['set', jail, 'unbanip', ...addresses]);
    const count = Number.parseInt(output.trim(), 10) || 0;
    if (count > 0) results.push({ jail, count });
  }
  return results;
}
