import { accessEntries, accessFile } from './access-restrictions.js';
import { ACCOUNT_FILES, accountsFrom, quotaUsage, withUsage, type Account } from './accounts.js';
import type { MailServer } from './mail-server.js';
import { serverSettings } from './mail-server.js';

export interface AccountRow extends Account {
  /** Dovecot already serves it; false while the change detector has not applied it yet; undefined until Dovecot answered. */
  live?: boolean;
  sendRestricted: boolean;
  receiveRestricted: boolean;
}

export interface AccountsOverview {
  rows: AccountRow[];
  /** FILE, or LDAP (accounts are then managed in the directory, not here). */
  provisioner: string;
  quotasOn: boolean;
  /** False for the first answer drawn from the files alone, while quota use and liveness are still on their way. */
  complete: boolean;
}

/** Every user Dovecot serves, in one `doveadm user '*'` call. */
export async function liveUsers(server: MailServer): Promise<Set<string>> {
  const result = await server.target.exec(['doveadm', 'user', '*'], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) return new Set();
  return new Set(result.stdout.split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean));
}

/**
 * What the Accounts screen shows, gathered with a handful of calls in parallel, whatever the number of accounts.
 * `early` gets the rows as soon as the files are read, before Dovecot's answers (quota use, liveness) arrive.
 */
export async function accountsOverview(server: MailServer, early?: (overview: AccountsOverview) => void): Promise<AccountsOverview> {
  // Everything is asked at once, before the settings say whether it is needed: a server with accounts in LDAP
  // drops the file and Dovecot answers, one with quotas off the quota report.
  const files = server.config.readMany([...ACCOUNT_FILES, accessFile('send'), accessFile('receive')] as const);
  const fromDovecot = Promise.all([quotaUsage(server), liveUsers(server)]);
  // Settled here so that a failure elsewhere does not leave them unhandled.
  files.catch(() => undefined);
  fromDovecot.catch(() => undefined);
  const settings = await serverSettings(server);
  const provisioner = settings.ACCOUNT_PROVISIONER || 'FILE';
  const quotasOn = (settings.ENABLE_QUOTAS ?? '1') === '1';
  if (provisioner !== 'FILE') return { rows: [], provisioner, quotasOn, complete: true };
  const [accountsFile, virtual, quotas, send, receive] = await files;
  const accounts = accountsFrom(accountsFile, virtual, quotas);
  const sendSet = new Set((accessEntries(send) ?? []).map((e) => e.address.toLowerCase()));
  const receiveSet = new Set((accessEntries(receive) ?? []).map((e) => e.address.toLowerCase()));
  const rows = (list: Account[], live?: Set<string>): AccountRow[] =>
    list.map((a) => ({
      ...a,
      live: live?.has(a.address.toLowerCase()),
      sendRestricted: sendSet.has(a.address.toLowerCase()),
      receiveRestricted: receiveSet.has(a.address.toLowerCase()),
    }));
  early?.({ provisioner, quotasOn, complete: false, rows: rows(accounts) });
  const [usage, live] = await fromDovecot;
  return { provisioner, quotasOn, complete: true, rows: rows(quotasOn ? withUsage(accounts, usage) : accounts, live) };
}
