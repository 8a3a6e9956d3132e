import { CONFIG_FILES, MAIL_DIR } from '../dms/config-files.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { parseQuotaReport, type QuotaUsage } from '../dms/quota-report.js';
import { parseAccountImport, type AccountEntry } from '../dms/account-import.js';
import { hashPasswords } from '../dms/hash-pool.js';
import { sha512Crypt } from '../dms/sha512-crypt.js';
import { addressProblem, passwordProblem } from '../dms/validate.js';
import { VirtualFile } from '../dms/virtual-file.js';
import { entryProblems, refuseAllOrNone } from './all-or-none.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';
import type { Versioned } from './config-store.js';

export interface Account {
  address: string;
  /** Aliases that deliver to this account. */
  aliases: string[];
  /** The limit set with `quota set`, e.g. "10M". */
  quotaLimit?: string;
  /** What Dovecot reports; absent when quotas are off or Dovecot did not answer. */
  usage?: QuotaUsage;
}

/** DMS stores hashes as `{SHA512-CRYPT}$6$…`. */
export function hashPassword(password: string): string {
  return stored(sha512Crypt(password));
}

/** How DMS's accounts file holds a SHA512-CRYPT hash. */
function stored(hash: string): string {
  return `{SHA512-CRYPT}${hash}`;
}

/** Lowercases as DMS does, after checking the address is one. */
export function normaliseAddress(address: string): string {
  const problem = addressProblem(address);
  if (problem) throw new ServiceError(problem);
  return address.toLowerCase();
}

function requirePassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new ServiceError(problem);
}

/** All accounts with their aliases, quota limits and (one doveadm call for all users) their usage. */
export async function listAccounts(server: MailServer, options: { usage: boolean }): Promise<Account[]> {
  const [accounts, usage] = await Promise.all([accountsFromFiles(server), options.usage ? quotaUsage(server) : undefined]);
  return usage ? withUsage(accounts, usage) : accounts;
}

/** The accounts as the config files list them (aliases, quota limits), in one read; no usage yet. */
/** The files the account list is made of, in the order `accountsFrom` takes them. */
export const ACCOUNT_FILES = [CONFIG_FILES.accounts, CONFIG_FILES.virtual, CONFIG_FILES.quotas] as const;

export async function accountsFromFiles(server: MailServer): Promise<Account[]> {
  const [accounts, virtual, quotas] = await server.config.readMany(ACCOUNT_FILES);
  return accountsFrom(accounts, virtual, quotas);
}

export function accountsFrom(accounts: Versioned, virtual: Versioned, quotas: Versioned): Account[] {
  const aliases = VirtualFile.parse(virtual.text);
  const limits = KeyedFile.parse(quotas.text, ':');
  return KeyedFile.parse(accounts.text, '|')
    .entries()
    .map(({ key }) => ({ address: key, aliases: aliases.aliasesOf(key), quotaLimit: limits.get(key) }));
}

export function withUsage(accounts: Account[], usage: Map<string, QuotaUsage>): Account[] {
  return accounts.map((account) => ({ ...account, usage: usage.get(account.address) }));
}

/** Quota use of every user from Dovecot (one call); empty when Dovecot does not answer or no server runs (`-p`). */
export async function quotaUsage(server: MailServer): Promise<Map<string, QuotaUsage>> {
  if (!server.target.runsCommands) return new Map();
  const result = await server.target.exec(['doveadm', '-f', 'tab', 'quota', 'get', '-A'], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) return new Map();
  return parseQuotaReport(result.stdout);
}

export async function accountExists(server: MailServer, address: string): Promise<boolean> {
  const { text } = await server.config.read(CONFIG_FILES.accounts);
  return KeyedFile.parse(text, '|').has(address);
}

export async function addAccount(server: MailServer, address: string, password: string): Promise<void> {
  const account = normaliseAddress(address);
  requirePassword(password);
  const hash = hashPassword(password);
  await server.config.update(
    CONFIG_FILES.accounts,
    (text, [virtual = '']) => {
      const file = KeyedFile.parse(text, '|');
      if (file.has(account)) throw new ServiceError(`'${account}' already exists`);
      if (VirtualFile.parse(virtual).has(account)) throw new ServiceError(`'${account}' is already defined as an alias`);
      return file.set(account, hash).toString();
    },
    [CONFIG_FILES.virtual],
  );
}

/** Adds every account of an import file's text (see dms/account-import.ts), all or none; returns the entries added. */
export async function importAccounts(server: MailServer, text: string): Promise<AccountEntry[]> {
  const { entries, errors } = parseAccountImport(text);
  if (errors.length > 0) refuseAllOrNone(errors);
  await addAccounts(server, entries);
  return entries;
}

/**
 * Adds many accounts in one write: every entry is checked first (address, password, duplicates, existing accounts
 * and aliases), and a single problem adds none. Passwords are hashed across the machine's cores.
 */
async function addAccounts(server: MailServer, entries: readonly AccountEntry[]): Promise<void> {
  const problems = entryProblems(entries, (e) => addressProblem(e.address) ?? passwordProblem(e.password), (e) => e.address.toLowerCase());
  if (entries.length === 0) problems.push('the file holds no account');
  if (problems.length > 0) refuseAllOrNone(problems);
  const accounts = entries.map((e) => e.address.toLowerCase());
  const clashes = (accountsText: string, virtualText: string): string[] => {
    const file = KeyedFile.parse(accountsText, '|');
    const aliases = VirtualFile.parse(virtualText);
    return accounts.flatMap((account, i) => {
      const where = `line ${entries[i]?.line}: '${account}'`;
      return file.has(account) ? [`${where} already exists`] : aliases.has(account) ? [`${where} is already defined as an alias`] : [];
    });
  };
  // Checked before the costly hashing, and again under the lock as the write happens.
  const [now, virtualNow] = await server.config.readMany([CONFIG_FILES.accounts, CONFIG_FILES.virtual]);
  const early = clashes(now.text, virtualNow.text);
  if (early.length > 0) refuseAllOrNone(early);
  const hashes = await hashPasswords(entries.map((e) => e.password));
  if (hashes.length !== accounts.length) throw new ServiceError('Hashing the passwords failed; nothing was added.');
  await server.config.update(
    CONFIG_FILES.accounts,
    (text, [virtual = '']) => {
      const late = clashes(text, virtual);
      if (late.length > 0) refuseAllOrNone(late);
      let file = KeyedFile.parse(text, '|');
      accounts.forEach((account, i) => (file = file.set(account, stored(hashes[i] ?? ''))));
      return file.toString();
    },
    [CONFIG_FILES.virtual],
  );
}

export async function updatePassword(server: MailServer, address: string, password: string): Promise<void> {
  const account = normaliseAddress(address);
  requirePassword(password);
  const hash = hashPassword(password);
  await server.config.update(CONFIG_FILES.accounts, (text) => {
    const file = KeyedFile.parse(text, '|');
    if (!file.has(account)) throw new ServiceError(`'${account}' does not exist`);
    return file.set(account, hash).toString();
  });
}

/** Deletes accounts as DMS's `email del` does: the account, its place in aliases, its quota, optionally its mail. */
export async function deleteAccount(
  server: MailServer,
  address: string,
  options: { deleteMailbox: boolean },
): Promise<{ mailboxDeleted: boolean }> {
  const account = normaliseAddress(address);
  if (!(await accountExists(server, account))) throw new ServiceError(`'${account}' does not exist`);
  await server.config.update(CONFIG_FILES.virtual, (text) => VirtualFile.parse(text).removeRecipient(account).toString());
  await server.config.update(CONFIG_FILES.quotas, (text) => KeyedFile.parse(text, ':').remove(account).toString());
  await server.config.update(CONFIG_FILES.accounts, (text) => KeyedFile.parse(text, '|').remove(account).toString());
  // The mailbox goes last, as in DMS: removed first, a delivery still on its way would create it again.
  return { mailboxDeleted: options.deleteMailbox ? await deleteMailboxData(server, account) : false };
}

export function mailboxPath(account: string): string {
  const at = account.lastIndexOf('@');
  return `${MAIL_DIR}/${account.slice(at + 1)}/${account.slice(0, at)}`;
}

/** Removes the account's mail (`/var/mail/<domain>/<user>`); false when there was none or no server runs (`-p`). */
export async function deleteMailboxData(server: MailServer, account: string): Promise<boolean> {
  if (!server.target.runsCommands) return false;
  const dir = mailboxPath(account);
  if (!(await server.target.exists(dir))) return false;
  const result = await server.target.exec(['rm', '-rf', '--', dir]);
  if (result.exitCode !== 0) throw new ServiceError(`Mailbox data could not be deleted: ${result.stderr.trim()}`);
  await server.target.exec(['rmdir', '--ignore-fail-on-non-empty', '--', dir.slice(0, dir.lastIndexOf('/'))]);
  return true;
}
