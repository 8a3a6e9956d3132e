import { listRestrictions } from './access-restrictions.js';
import { listAccounts, type Account } from './accounts.js';
import type { MailServer } from './mail-server.js';
import { serverSettings } from './mail-server.js';

export interface AccountRow extends Account {
  /** Dovecot already serves it; false while the change detector has not applied it yet. */
  live: boolean;
  sendRestricted: boolean;
  receiveRestricted: boolean;
}

export interface AccountsOverview {
  rows: AccountRow[];
  /** FILE, or LDAP (accounts are then managed in the directory, not here). */
  provisioner: string;
  quotasOn: boolean;
}

/** Every user Dovecot serves, in one `doveadm user '*'` call. */
export async function liveUsers(server: MailServer): Promise<Set<string>> {
  const result = await server.target.exec(['doveadm', 'user', '*'], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) return new Set();
  return new Set(result.stdout.split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean));
}

/** What the Accounts screen shows, gathered with a handful of calls in parallel, whatever the number of accounts. */
export async function accountsOverview(server: MailServer): Promise<AccountsOverview> {
  const settings = await serverSettings(server);
  const provisioner = settings.ACCOUNT_PROVISIONER || 'FILE';
  const quotasOn = (settings.ENABLE_QUOTAS ?? '1') === '1';
  if (provisioner !== 'FILE') return { rows: [], provisioner, quotasOn };
  const [accounts, live, send, receive] = await Promise.all([
    listAccounts(server, { usage: quotasOn }),
    liveUsers(server),
    listRestrictions(server, 'send'),
    listRestrictions(server, 'receive'),
  ]);
  const sendSet = new Set((send ?? []).map((e) => e.address.toLowerCase()));
  const receiveSet = new Set((receive ?? []).map((e) => e.address.toLowerCase()));
  return {
    provisioner,
    quotasOn,
    rows: accounts.map((a) => ({
      ...a,
      live: live.has(a.address.toLowerCase()),
      sendRestricted: sendSet.has(a.address.toLowerCase()),
      receiveRestricted: receiveSet.has(a.address.toLowerCase()),
    })),
  };
}
