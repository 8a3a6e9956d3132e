import { CONFIG_FILES, type ConfigFile } from '../dms/config-files.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

const POLL_MS = 250;
export const DEFAULT_WAIT_MS = 30_000;

/**
 * Whether DMS's change detector has finished applying the file as it is now: it records the checksums of the
 * versions it applied in /tmp/docker-mailserver-config-chksum, after rebuilding the maps and reloading the services.
 */
const APPLIED_SCRIPT = [
  'sum=$(sha512sum < "$1" 2>/dev/null | cut -d" " -f1) || exit 1',
  'grep -qF -- "$sum  $1" /tmp/docker-mailserver-config-chksum',
].join('\n');

async function fileApplied(server: MailServer, file: ConfigFile): Promise<boolean> {
  const result = await server.target.exec(['sh', '-c', APPLIED_SCRIPT, 'mailwiz-applied', server.config.path(file)]);
  return result.exitCode === 0;
}

/** Whether Dovecot knows the account. */
export async function accountIsLive(server: MailServer, address: string): Promise<boolean> {
  return (await server.target.exec(['doveadm', 'user', address])).exitCode === 0;
}

/** Whether Dovecot accepts this password for the account; the password travels on stdin, never in argv. */
async function passwordWorks(server: MailServer, address: string, password: string): Promise<boolean> {
  return (await server.target.exec(['doveadm', 'auth', 'test', address], { stdin: `${password}\n` })).exitCode === 0;
}

/** Whether Postfix resolves the alias to exactly these targets (none: the alias is gone). */
async function aliasResolves(server: MailServer, alias: string, targets: string[]): Promise<boolean> {
  const maps = await server.target.exec(['postconf', '-h', 'virtual_alias_maps']);
  const tables = maps.stdout.split(/[\s,]+/).filter((t) => /^(hash|texthash|lmdb|btree|cdb):/.test(t));
  for (const table of tables) {
    const lookup = await server.target.exec(['postmap', '-q', alias, table]);
    if (lookup.exitCode === 0) {
      const found = lookup.stdout.trim().split(/[\s,]+/).sort();
      return found.join(',') === [...targets].sort().join(',');
    }
  }
  return targets.length === 0;
}

async function waitFor(
  server: MailServer,
  what: string,
  file: ConfigFile,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await fileApplied(server, file)) && (await check())) return;
    if (Date.now() >= deadline) {
      throw new ServiceError(
        `${what} was written but is not live after ${Math.round(timeoutMs / 1000)} s: is the change detector running? ` +
          '(supervisorctl status changedetector; /var/log/supervisor/changedetector.log)',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function waitForAccount(server: MailServer, address: string, present: boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  return waitFor(
    server,
    present ? `The account '${address}'` : `The removal of '${address}'`,
    CONFIG_FILES.accounts,
    async () => (await accountIsLive(server, address)) === present,
    timeoutMs,
  );
}

export function waitForPassword(server: MailServer, address: string, password: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  return waitFor(server, `The new password of '${address}'`, CONFIG_FILES.accounts, () => passwordWorks(server, address, password), timeoutMs);
}

export function waitForAlias(server: MailServer, alias: string, targets: string[], timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  return waitFor(server, `The alias '${alias}'`, CONFIG_FILES.virtual, () => aliasResolves(server, alias, targets), timeoutMs);
}
