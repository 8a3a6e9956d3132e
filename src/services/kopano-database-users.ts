import { parseKopanoUserDetails, parseKopanoUserList, splitDetails } from '../formats/kopano/admin-output.js';
import { memberFor, type Stack, type StackMember } from '../stacks/stack.js';
import { isTargetError } from '../target/index.js';
import type { KopanoAccount } from './kopano-account.js';
import {
  kopanoCreateUser,
  kopanoDefaultQuota,
  kopanoDeleteUser,
  kopanoSetPassword,
  kopanoSetQuota,
  parseKopanoAdminError,
  type KopanoAdminCommand,
  type KopanoQuotaMb,
} from './kopano-admin-commands.js';

/**
 * Kopano's own users (USER_PLUGIN=db) through `kopano-admin` in the groupware container: the list and every user's
 * details in one exec, each change in one exec with its password on stdin. Written from kopano-admin's documentation
 * and source; it has not run against a real Kopano server yet (none can be installed where mailwiz is tested).
 */

export class KopanoAdminError extends Error {
  override name = 'KopanoAdminError';
}

/** `kopano-admin -l`, then a NUL and `kopano-admin --details USER` for every user it listed. */
export const LIST_WITH_DETAILS = `set -u
list=$(kopano-admin -l) || exit $?
printf '%s\\n' "$list"
printf '%s\\n' "$list" | awk -F'\\t+' 'f && NF > 1 && $2 != "SYSTEM" { print $2 } /^\\t-+$/ { f = 1 } /^$/ { f = 0 }' |
while IFS= read -r user; do printf '\\0'; kopano-admin --details "$user"; done
# --details exits 1 for a user without a store after printing everything: that is no failure of the listing.
exit 0`;

const NOT_INSTALLED = (member: StackMember): string =>
  `kopano-admin is not in ${member.name} (${member.info.image}): Kopano's users cannot be read here (no Kopano server in this container).`;

export async function listKopanoDatabaseUsers(groupware: StackMember): Promise<KopanoAccount[]> {
  const result = await groupware.target.exec(['sh', '-c', LIST_WITH_DETAILS], { timeoutMs: 120_000 }).catch((error: unknown) => {
    if (isTargetError(error, 'COMMAND_MISSING')) throw new KopanoAdminError(NOT_INSTALLED(groupware));
    throw error;
  });
  if (result.exitCode === 127) throw new KopanoAdminError(NOT_INSTALLED(groupware));
  const failure = parseKopanoAdminError(result.stderr, result.exitCode);
  if (failure) throw new KopanoAdminError(failure);
  const [list = '', ...details] = splitDetails(result.stdout);
  // A user whose details cannot be read (a value forging a line) is listed by name only, not dropped with the rest.
  const readable = details.flatMap((text) => {
    try {
      const parsed = parseKopanoUserDetails(text);
      return parsed ? [parsed] : [];
    } catch {
      return [];
    }
  });
  const byName = new Map(readable.map((d) => [d.username, d] as const));
  return parseKopanoUserList(list).map((listed): KopanoAccount => {
    const d = byName.get(listed.username);
    return {
      login: listed.username,
      fullname: d?.fullname ?? listed.fullname,
      email: d?.email ?? '',
      aliases: d?.aliases ?? [],
      admin: d !== undefined && d.admin !== 'no',
      sharedStore: d?.nonActiveType !== undefined,
      hidden: d?.hidden ?? false,
      active: d?.active,
      ...(d?.quota?.override ? { quota: { warn: d.quota.warn, soft: d.quota.soft, hard: d.quota.hard } } : {}),
      ...(d?.storeSize !== undefined ? { storeSize: d.storeSize } : {}),
      features: d?.features ?? { enabled: [], disabled: [] },
    };
  });
}

async function runKopanoAdmin(stack: Stack, command: KopanoAdminCommand): Promise<void> {
  const groupware = memberFor(stack, 'groupware');
  if (!groupware) throw new KopanoAdminError('This stack has no Kopano (groupware) member.');
  const result = await groupware.target.exec(command.argv, { ...(command.stdin !== undefined ? { stdin: command.stdin } : {}), timeoutMs: 120_000 }).catch((error: unknown) => {
    if (isTargetError(error, 'COMMAND_MISSING')) throw new KopanoAdminError(NOT_INSTALLED(groupware));
    throw error;
  });
  const failure = parseKopanoAdminError(result.stderr, result.exitCode);
  if (failure) throw new KopanoAdminError(failure);
}

export async function addKopanoUser(stack: Stack, user: { username: string; email: string; fullname: string; password: string }): Promise<void> {
  await runKopanoAdmin(stack, kopanoCreateUser(user));
}

export async function setKopanoPassword(stack: Stack, username: string, password: string): Promise<void> {
  await runKopanoAdmin(stack, kopanoSetPassword(username, password));
}

export async function deleteKopanoUser(stack: Stack, username: string): Promise<void> {
  await runKopanoAdmin(stack, kopanoDeleteUser(username));
}

/** Own limits in MB, or undefined: back to the server's default quota. */
export async function setKopanoQuota(stack: Stack, username: string, limits: KopanoQuotaMb | undefined): Promise<void> {
  await runKopanoAdmin(stack, limits ? kopanoSetQuota(username, limits) : kopanoDefaultQuota(username));
}
