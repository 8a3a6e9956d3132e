import { ldapDnProblem, ldapUriProblem } from './ldap-syntax.js';
import { contactEmailProblem, printable } from './validate.js';
import type { Problem } from './answer-problem.js';
import type { TlsSettings } from './tls-settings.js';

/**
 * The wizard's answers for the Kopano stack (mlan/kopano's compose example): where Kopano reads its users, the
 * directory, the database names and the four images. MySQL passwords are not answers: mailwiz makes them once and
 * keeps them in the 0600 secret files beside compose.yaml.
 */

/** `ldap`: users in a directory (the bundled `auth` service or one you run); `db`: in Kopano's database (kopano-admin). */
export type KopanoUsers = 'ldap' | 'db';
export type KopanoDirectory = 'bundled' | 'external';

export interface KopanoLdap {
  /** external only: ldap://host[:port] or ldaps://host[:port]. */
  uri?: string;
  /** Where every Kopano object lives (LDAP_SEARCH_BASE; the bundled directory's suffix, LDAPBASE). */
  searchBase: string;
  /** Where the MTA looks up recipients (LDAP_USER_BASE); ou=users under the search base when absent. */
  userBase?: string;
  /** The object class of a Kopano user and group (LDAP_USER/GROUP_TYPE_ATTRIBUTE_VALUE). */
  userClass: string;
  groupClass: string;
  /** external only: who reads the directory (empty: anonymous); the bundled one is read as its root DN. */
  bindDn?: string;
  bindPassword?: string;
}

export interface KopanoImages {
  app: string;
  mta: string;
  db: string;
  auth: string;
}

export interface KopanoSettings {
  users: KopanoUsers;
  directory: KopanoDirectory;
  ldap: KopanoLdap;
  mysql: { database: string; user: string };
  images: KopanoImages;
}

export const KOPANO_IMAGES: KopanoImages = { app: 'mlan/kopano', mta: 'mlan/postfix-amavis', db: 'mariadb', auth: 'mlan/openldap' };
/** The bundled directory's administrator: cn=admin under the search base. */
export const BUNDLED_ROOT_CN = 'admin';

/** dc=example,dc=com for example.com. */
export function baseFromDomain(domain: string | undefined): string {
  const labels = (domain ?? 'example.com').split('.').filter(Boolean);
  return labels.map((l) => `dc=${l}`).join(',');
}

export function defaultKopano(domain?: string): KopanoSettings {
  return {
    users: 'ldap',
    directory: 'bundled',
    ldap: { searchBase: baseFromDomain(domain), userClass: 'posixAccount', groupClass: 'posixGroup' },
    mysql: { database: 'kopano', user: 'kopano' },
    images: { ...KOPANO_IMAGES },
  };
}

/** Whether the stack has its own directory container (`auth`). */
export function hasBundledDirectory(k: KopanoSettings): boolean {
  return k.users === 'ldap' && k.directory === 'bundled';
}

export function userBase(ldap: KopanoLdap): string {
  return ldap.userBase ?? `ou=users,${ldap.searchBase}`;
}

export function bundledRootDn(ldap: KopanoLdap): string {
  return `cn=${BUNDLED_ROOT_CN},${ldap.searchBase}`;
}

/** MariaDB names: letters, digits, _ (the image creates them; Kopano connects with them). */
export function sqlNameProblem(name: string, what: string): string | undefined {
  return /^[A-Za-z0-9_]{1,32}$/.test(name) ? undefined : `'${printable(name)}' is not a ${what} name (letters, digits and _, at most 32)`;
}

export function objectClassProblem(name: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9-]*$/.test(name) ? undefined : `'${printable(name)}' is not an LDAP object class name`;
}

/**
 * A value compose reads from an env_file the same way in every version: no quotes, no `$` (interpolated by some),
 * no backslash, no line break, no white space at either end.
 */
export function envFileValueProblem(value: string, what: string): string | undefined {
  if (/[\r\n\0]/.test(value)) return `The ${what} cannot hold a line break`;
  if (/[$'"\\`]/.test(value)) return `The ${what} cannot hold $, quotes, \` or \\ (compose would read them differently)`;
  if (value !== value.trim()) return `The ${what} cannot start or end with white space`;
  return undefined;
}

export function kopanoProblems(k: KopanoSettings, image: (name: string) => string | undefined): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string | undefined): void => {
    if (message) problems.push({ field: `kopano.${field}`, message });
  };
  if (k.users === 'ldap') {
    add('ldap.searchBase', ldapDnProblem(k.ldap.searchBase, 'search base'));
    if (k.ldap.userBase !== undefined) add('ldap.userBase', ldapDnProblem(k.ldap.userBase, 'user base'));
    add('ldap.userClass', objectClassProblem(k.ldap.userClass));
    add('ldap.groupClass', objectClassProblem(k.ldap.groupClass));
    if (k.directory === 'external') {
      add('ldap.uri', ldapUriProblem(k.ldap.uri ?? ''));
      if (k.ldap.bindDn) {
        add('ldap.bindDn', ldapDnProblem(k.ldap.bindDn, 'bind DN'));
        add('ldap.bindPassword', k.ldap.bindPassword ? envFileValueProblem(k.ldap.bindPassword, 'bind password') : 'Give the password of the bind DN');
      } else if (k.ldap.bindPassword) add('ldap.bindDn', 'A bind password needs its bind DN');
    } else if (k.ldap.uri || k.ldap.bindDn || k.ldap.bindPassword) {
      add('directory', 'uri, bindDn and bindPassword are for an external directory (directory: external)');
    }
  }
  add('mysql.database', sqlNameProblem(k.mysql.database, 'database'));
  add('mysql.user', sqlNameProblem(k.mysql.user, 'database user'));
  for (const [service, name] of Object.entries(k.images)) add(`images.${service}`, image(name));
  return problems;
}

/** Kopano's TLS: certificate files, Traefik's acme.json (ACME_FILE), certificates the images make, or none. */
export function kopanoTlsProblem(tls: TlsSettings): Problem | undefined {
  const absolute = (field: string, path: string | undefined, what: string): Problem | undefined => {
    if (!path) return { field: `tls.${field}`, message: `Give the ${what}` };
    return path.startsWith('/') ? undefined : { field: `tls.${field}`, message: `${path} is not an absolute path` };
  };
  if (tls.type === 'manual') return absolute('certPath', tls.certPath, 'file of the certificate (full chain)') ?? absolute('keyPath', tls.keyPath, 'file of the private key');
  if (tls.type !== 'letsencrypt') return undefined;
  if (tls.source !== 'traefik') {
    return { field: 'tls.source', message: "Kopano takes Let's Encrypt certificates from Traefik's acme.json only (source: traefik)" };
  }
  if (tls.email !== undefined) return { field: 'tls.email', message: contactEmailProblem(tls.email) ?? 'is for certificates mailwiz obtains (DMS only)' };
  return absolute('acmeJson', tls.acmeJson, "file of Traefik's acme.json");
}
