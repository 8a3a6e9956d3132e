import { CONFIG_FILES } from '../dms/config-files.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { parsePairImport } from '../dms/pair-import.js';
import { addressProblem, quotaProblem } from '../dms/validate.js';
import { accountExists, normaliseAddress } from './accounts.js';
import { entryProblems, refuseAllOrNone } from './all-or-none.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

export interface QuotaEntry {
  address: string;
  limit: string;
}

export async function listQuotas(server: MailServer): Promise<QuotaEntry[]> {
  const { text } = await server.config.read(CONFIG_FILES.quotas);
  return KeyedFile.parse(text, ':')
    .entries()
    .map(({ key, value }) => ({ address: key, limit: value }));
}

async function requireAccount(server: MailServer, address: string): Promise<string> {
  const account = normaliseAddress(address);
  if (!(await accountExists(server, account))) throw new ServiceError(`'${account}' does not exist`);
  return account;
}

/** Sets an account's quota (`12M`, `1G`, `0` for unlimited); refuses unknown accounts. */
export async function setQuota(server: MailServer, address: string, quota: string): Promise<void> {
  const problem = quotaProblem(quota);
  if (problem) throw new ServiceError(problem);
  const account = await requireAccount(server, address);
  await server.config.update(CONFIG_FILES.quotas, (text) => KeyedFile.parse(text, ':').set(account, quota).toString());
}

/**
 * Sets the quota of every `ADDRESS QUOTA` line of an import file's text in one write, all or none: each line is
 * checked first (address, quota, an account twice in the file), then under the lock that every account exists.
 */
export async function importQuotas(server: MailServer, text: string): Promise<number> {
  const { entries, errors } = parsePairImport(text, 'ADDRESS QUOTA');
  const problems = [...errors, ...entryProblems(entries, (e) => addressProblem(e.key) ?? quotaProblem(e.value), (e) => e.key.toLowerCase())];
  if (entries.length === 0 && errors.length === 0) problems.push('the file holds no quota');
  if (problems.length > 0) refuseAllOrNone(problems, 'changed');
  await server.config.update(
    CONFIG_FILES.quotas,
    (current, [accounts = '']) => {
      const accountFile = KeyedFile.parse(accounts, '|');
      const missing = entries.filter((e) => !accountFile.has(e.key.toLowerCase())).map((e) => `line ${e.line}: '${e.key.toLowerCase()}' does not exist`);
      if (missing.length > 0) refuseAllOrNone(missing, 'changed');
      let file = KeyedFile.parse(current, ':');
      for (const { key, value } of entries) file = file.set(key.toLowerCase(), value);
      return file.toString();
    },
    [CONFIG_FILES.accounts],
  );
  return entries.length;
}

export async function deleteQuota(server: MailServer, address: string): Promise<void> {
  const account = await requireAccount(server, address);
  await server.config.update(CONFIG_FILES.quotas, (text) => KeyedFile.parse(text, ':').remove(account).toString());
}
