import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

/** Where DMS's change detector puts the accounts Dovecot serves. */
const DOVECOT_USERDB = '/etc/dovecot/userdb';
const POLL_MS = 500;
export const DEFAULT_WAIT_MS = 30_000;

/** Whether Dovecot already knows the account (the change detector has applied it). */
export async function accountIsLive(server: MailServer, address: string): Promise<boolean> {
  const result = await server.target.exec(['doveadm', 'user', address]);
  return result.exitCode === 0;
}

/** Whether Dovecot's user database already has this hash (identified by its random salt, not the password). */
async function hashIsLive(server: MailServer, address: string, hash: string): Promise<boolean> {
  const saltPrefix = hash.slice(0, hash.lastIndexOf('$'));
  const result = await server.target.exec(['grep', '-qF', '--', `${address}:${saltPrefix}`, DOVECOT_USERDB]);
  return result.exitCode === 0;
}

/** Whether Postfix resolves the alias to exactly these targets (empty: the alias is gone). */
async function aliasResolves(server: MailServer, alias: string, targets: string[]): Promise<boolean> {
  const maps = await server.target.exec(['postconf', '-h', 'virtual_alias_maps']);
  const tables = maps.stdout.split(/[\s,]+/).filter((t) => /^(hash|texthash|lmdb|btree|cdb|regexp|pcre):/.test(t));
  for (const table of tables) {
    const lookup = await server.target.exec(['postmap', '-q', alias, table]);
    if (lookup.exitCode === 0) {
      const found = lookup.stdout.trim().split(/[\s,]+/).sort();
      return targets.length > 0 && found.join(',') === [...targets].sort().join(',');
    }
  }
  return targets.length === 0;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
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
    present ? `The account '${address}'` : `The removal of '${address}'`,
    async () => (await accountIsLive(server, address)) === present,
    timeoutMs,
  );
}

export function waitForPassword(server: MailServer, address: string, hash: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  return waitFor(`The new password of '${address}'`, () => hashIsLive(server, address, hash), timeoutMs);
}

export function waitForAlias(server: MailServer, alias: string, targets: string[], timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  return waitFor(`The alias '${alias}'`, () => aliasResolves(server, alias, targets), timeoutMs);
}
