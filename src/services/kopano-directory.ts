import { parseKopanoCfg, kopanoLdapSettings, kopanoUserFilter, type KopanoLdapSettings } from '../formats/kopano/ldap-settings.js';
import { kopanoUserAttributes, kopanoUsersFromLdif, type KopanoDirectoryUser } from '../formats/kopano/ldap-users.js';
import { parseLdif } from '../formats/ldap/ldif.js';
import { memberFor, type Stack, type StackMember } from '../stacks/stack.js';
import { isTargetError } from '../target/index.js';

/**
 * The users of a Kopano stack whose users live in LDAP (USER_PLUGIN=ldap), read the way Kopano reads them: its own
 * settings (ldap.cfg, else the image's LDAP_* environment), its bind DN, its filter. ldapsearch runs in a member that
 * has it and reaches the directory (the directory itself first); the bind password goes on stdin (`-y /dev/stdin`).
 */

export interface KopanoDirectoryListing {
  users: KopanoDirectoryUser[];
  /** What was asked, for the screen to show. */
  uri: string;
  base: string;
  filter: string;
  bindUser?: string;
  /** The member ldapsearch ran in. */
  via: string;
  /** Where the settings came from. */
  source: 'ldap.cfg' | 'environment';
}

export class KopanoDirectoryError extends Error {
  override name = 'KopanoDirectoryError';
}

const LDAP_CFG = '/etc/kopano/ldap.cfg';
/** ldapsearch's exit codes are LDAP result codes. */
const NO_SUCH_OBJECT = 32;
const INVALID_CREDENTIALS = 49;

async function settingsOf(groupware: StackMember): Promise<{ settings: KopanoLdapSettings; source: KopanoDirectoryListing['source'] }> {
  const file = groupware.info.state === 'running' ? await groupware.target.exec(['cat', LDAP_CFG]).catch(() => undefined) : undefined;
  const cfg = file?.exitCode === 0 ? parseKopanoCfg(file.stdout) : {};
  return { settings: kopanoLdapSettings(cfg, groupware.info.env), source: Object.keys(cfg).length > 0 ? 'ldap.cfg' : 'environment' };
}

export async function listKopanoDirectoryUsers(stack: Stack): Promise<KopanoDirectoryListing> {
  const groupware = memberFor(stack, 'groupware');
  if (!groupware) throw new KopanoDirectoryError('This stack has no Kopano (groupware) member to read the LDAP settings from.');
  const { settings, source } = await settingsOf(groupware);
  if (!settings.searchBase) throw new KopanoDirectoryError(`Kopano's LDAP search base is not set (ldap_search_base in ${LDAP_CFG}, or LDAP_SEARCH_BASE).`);
  const filter = kopanoUserFilter(settings);
  const argv = [
    'ldapsearch', '-x', '-LLL', '-o', 'ldif-wrap=no', '-H', settings.uri, '-b', settings.searchBase,
    ...(settings.bindUser ? ['-D', settings.bindUser, '-y', '/dev/stdin'] : []),
    filter,
    ...kopanoUserAttributes(settings),
  ];
  const candidates = [memberFor(stack, 'directory'), groupware, memberFor(stack, 'mta')].filter(
    (m): m is StackMember => m !== undefined && m.info.state === 'running',
  );
  for (const member of candidates) {
    const result = await member.target
      .exec(argv, { ...(settings.bindUser ? { stdin: settings.bindPassword ?? '' } : {}), timeoutMs: 60_000 })
      .catch((error: unknown) => {
        if (isTargetError(error, 'COMMAND_MISSING')) return undefined;
        throw error;
      });
    if (!result) continue;
    const listing = { uri: settings.uri, base: settings.searchBase, filter, via: member.name, source, ...(settings.bindUser ? { bindUser: settings.bindUser } : {}) };
    if (result.exitCode === NO_SUCH_OBJECT) return { ...listing, users: [] };
    if (result.exitCode === INVALID_CREDENTIALS) {
      throw new KopanoDirectoryError(`The directory refused Kopano's bind DN ${settings.bindUser ?? '(anonymous)'}: invalid credentials.`);
    }
    if (result.exitCode !== 0) {
      const reason = result.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? `exit ${result.exitCode}`;
      throw new KopanoDirectoryError(`ldapsearch on ${settings.uri} from ${member.name} failed: ${reason}`);
    }
    return { ...listing, users: kopanoUsersFromLdif(parseLdif(result.stdout), settings) };
  }
  throw new KopanoDirectoryError(`No running member of ${stack.name} has ldapsearch (ldap-utils/openldap-clients) to read the directory with.`);
}
