import { CONFIG_FILES } from '../dms/config-files.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { quotaProblem } from '../dms/validate.js';
import { accountExists, normaliseAddress } from './accounts.js';
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

export async function deleteQuota(server: MailServer, address: string): Promise<void> {
  const account = await requireAccount(server, address);
  await server.config.update(CONFIG_FILES.quotas, (text) => KeyedFile.parse(text, ':').remove(account).toString());
}
