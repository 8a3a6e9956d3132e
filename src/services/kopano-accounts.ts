import { memberFor, type Stack, type StackMember } from '../stacks/stack.js';
import { listKopanoDirectoryUsers } from './kopano-directory.js';
import { listKopanoDatabaseUsers } from './kopano-database-users.js';
import type { KopanoAccounts, KopanoUserPlugin } from './kopano-account.js';

/**
 * The users of a Kopano stack, from where Kopano keeps them: its LDAP directory (USER_PLUGIN=ldap, read-only here:
 * the directory is edited elsewhere until mailwiz writes to it) or its own database (USER_PLUGIN=db, through
 * `kopano-admin` in the groupware container).
 */

export type { KopanoAccount, KopanoAccounts, KopanoUserPlugin } from './kopano-account.js';

export function kopanoGroupware(stack: Stack): StackMember | undefined {
  return memberFor(stack, 'groupware');
}

/** The plugin Kopano reads its users with: the image's USER_PLUGIN (mlan/kopano's default is db). */
export function kopanoUserPlugin(stack: Stack): KopanoUserPlugin {
  const value = (kopanoGroupware(stack)?.info.env.USER_PLUGIN ?? 'db').trim().toLowerCase();
  return value === 'ldap' || value === 'ldapms' ? 'ldap' : value === 'unix' ? 'unix' : 'db';
}

export async function kopanoAccounts(stack: Stack): Promise<KopanoAccounts> {
  const plugin = kopanoUserPlugin(stack);
  if (plugin === 'ldap') {
    const listing = await listKopanoDirectoryUsers(stack);
    return {
      plugin,
      accounts: listing.users,
      source: `LDAP ${listing.uri} ${listing.base} ${listing.filter} (${listing.source}; read via ${listing.via})`,
      writable: false,
    };
  }
  if (plugin === 'unix') {
    return { plugin, accounts: [], source: 'USER_PLUGIN=unix: the users are the accounts of the groupware container (passwd)', writable: false };
  }
  const groupware = kopanoGroupware(stack);
  if (!groupware) throw new Error('This stack has no Kopano (groupware) member.');
  const accounts = await listKopanoDatabaseUsers(groupware);
  return { plugin, accounts, source: `Kopano's database, through kopano-admin in ${groupware.name}`, writable: true };
}
