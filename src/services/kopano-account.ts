import type { KopanoDirectoryUser } from '../formats/kopano/ldap-users.js';

/** A Kopano user as the Accounts screen lists it, whichever plugin keeps it. */

export interface KopanoAccount extends Omit<KopanoDirectoryUser, 'dn'> {
  /** The directory entry (LDAP plugin). */
  dn?: string;
  /** kopano-admin's "Active" (db plugin); undefined where not known. */
  active?: boolean;
  /** The store's size in bytes (db plugin, from kopano-admin --details). */
  storeSize?: number;
}

export type KopanoUserPlugin = 'ldap' | 'db' | 'unix';

export interface KopanoAccounts {
  plugin: KopanoUserPlugin;
  accounts: KopanoAccount[];
  /** Where they were read, in one line (for the screen's header). */
  source: string;
  /** Whether mailwiz can change them here. */
  writable: boolean;
}
