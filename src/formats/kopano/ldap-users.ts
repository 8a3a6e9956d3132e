import { allValues, firstValue, type LdifEntry } from '../ldap/ldif.js';
import type { KopanoLdapSettings } from './ldap-settings.js';

/** A Kopano user as the LDAP plugin reads it from its directory entry. Untrusted text: sanitize before showing. */
export interface KopanoDirectoryUser {
  dn: string;
  login: string;
  fullname: string;
  email: string;
  aliases: string[];
  admin: boolean;
  /** kopanoSharedStoreOnly: a store without login (shared mailbox). */
  sharedStore: boolean;
  hidden: boolean;
  /** Own limits in bytes (quota override on); undefined: the server's default quota applies. */
  quota?: { warn?: number; soft?: number; hard?: number };
  features: { enabled: string[]; disabled: string[] };
}

const on = (value: string | undefined): boolean => value !== undefined && value.trim() !== '' && value.trim() !== '0';

function bytes(value: string | undefined, multiplier: number): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return n === 0 ? undefined : n * multiplier;
}

export function kopanoUsersFromLdif(entries: readonly LdifEntry[], settings: KopanoLdapSettings): KopanoDirectoryUser[] {
  const a = settings.attributes;
  return entries
    .map((entry): KopanoDirectoryUser => {
      const override = on(firstValue(entry, a.quotaOverride));
      const quota = override
        ? {
            warn: bytes(firstValue(entry, a.quotaWarn), settings.quotaMultiplier),
            soft: bytes(firstValue(entry, a.quotaSoft), settings.quotaMultiplier),
            hard: bytes(firstValue(entry, a.quotaHard), settings.quotaMultiplier),
          }
        : undefined;
      return {
        dn: entry.dn,
        login: firstValue(entry, a.login) ?? '',
        fullname: firstValue(entry, a.fullname) ?? '',
        email: firstValue(entry, a.email) ?? '',
        aliases: allValues(entry, a.aliases),
        admin: on(firstValue(entry, a.admin)),
        sharedStore: on(firstValue(entry, a.nonactive)),
        hidden: on(firstValue(entry, a.hidden)),
        ...(quota ? { quota } : {}),
        features: { enabled: allValues(entry, a.enabledFeatures), disabled: allValues(entry, a.disabledFeatures) },
      };
    })
    .filter((u) => u.login !== '')
    .sort((x, y) => x.login.localeCompare(y.login));
}

/** The attributes to ask ldapsearch for. */
export function kopanoUserAttributes(settings: KopanoLdapSettings): string[] {
  return [...new Set(Object.values(settings.attributes))];
}
