import { hasBundledDirectory, type KopanoSettings } from '../../dms/wizard-answers-kopano.js';
import { secretServices, type KopanoServiceName } from './compose.js';

/**
 * Which password each service of the Kopano stack reads from its secret file, under the names its image reads:
 * MariaDB's MYSQL_ROOT_PASSWORD and MYSQL_PASSWORD, Kopano's MYSQL_PASSWORD and LDAP_BIND_PASSWD, postfix-amavis's
 * LDAP_BIND_PW (and MYSQL_PASSWORD for its recipient lookups in Kopano's database), mlan/openldap's LDAPROOT_PW.
 */

export interface KopanoSecrets {
  mysqlPassword: string;
  mysqlRootPassword: string;
  /** The bundled directory's root password (its root DN is how app and mta read it). */
  directoryPassword: string;
}

export function kopanoSecretVars(k: KopanoSettings, secrets: KopanoSecrets): Partial<Record<KopanoServiceName, Record<string, string>>> {
  const bindPassword = hasBundledDirectory(k) ? secrets.directoryPassword : k.users === 'ldap' && k.ldap.bindDn ? (k.ldap.bindPassword ?? '') : undefined;
  const all: Record<KopanoServiceName, Record<string, string>> = {
    db: { MYSQL_ROOT_PASSWORD: secrets.mysqlRootPassword, MYSQL_PASSWORD: secrets.mysqlPassword },
    auth: { LDAPROOT_PW: secrets.directoryPassword },
    app: { MYSQL_PASSWORD: secrets.mysqlPassword, ...(bindPassword !== undefined ? { LDAP_BIND_PASSWD: bindPassword } : {}) },
    mta: k.users === 'db' ? { MYSQL_PASSWORD: secrets.mysqlPassword } : bindPassword !== undefined ? { LDAP_BIND_PW: bindPassword } : {},
  };
  return Object.fromEntries(secretServices(k).map((s) => [s, all[s]]));
}

/** The generated secrets found in the files of an earlier run (they must not change once the database exists). */
export function secretsFromFiles(files: Partial<Record<KopanoServiceName, Record<string, string>>>): Partial<KopanoSecrets> {
  const found: Partial<KopanoSecrets> = {};
  const mysql = files.db?.MYSQL_PASSWORD ?? files.app?.MYSQL_PASSWORD ?? files.mta?.MYSQL_PASSWORD;
  if (mysql) found.mysqlPassword = mysql;
  if (files.db?.MYSQL_ROOT_PASSWORD) found.mysqlRootPassword = files.db.MYSQL_ROOT_PASSWORD;
  if (files.auth?.LDAPROOT_PW) found.directoryPassword = files.auth.LDAPROOT_PW;
  return found;
}
