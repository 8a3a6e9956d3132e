/**
 * How Kopano's LDAP plugin finds its users, from /etc/kopano/ldap.cfg (`key = value` lines) and, where the file is
 * absent or silent, from mlan/kopano's environment (LDAP_URI is ldap_uri …: the image writes its LDAP_* variables
 * into ldap.cfg on the first start). Defaults are kopano-ldap.cfg(5)'s for OpenLDAP.
 */

export interface KopanoLdapSettings {
  uri: string;
  searchBase: string;
  bindUser?: string;
  /** Secret: passed to ldapsearch on stdin only. */
  bindPassword?: string;
  objectTypeAttribute: string;
  /** Every value must be present on a user (comma-separated in the file). */
  userTypeValues: string[];
  userSearchFilter: string;
  attributes: {
    login: string;
    fullname: string;
    email: string;
    aliases: string;
    admin: string;
    nonactive: string;
    hidden: string;
    quotaOverride: string;
    quotaWarn: string;
    quotaSoft: string;
    quotaHard: string;
    enabledFeatures: string;
    disabledFeatures: string;
  };
  /** Quota values times this are bytes. */
  quotaMultiplier: number;
}

/** `key = value` lines; `#` comments and `!include` lines are skipped; the last value of a key wins. */
export function parseKopanoCfg(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) continue;
    values[trimmed.slice(0, at).trim().toLowerCase()] = trimmed.slice(at + 1).trim();
  }
  return values;
}

export function kopanoLdapSettings(cfg: Record<string, string>, env: Readonly<Record<string, string>>): KopanoLdapSettings {
  const get = (key: string, fallback = ''): string => {
    const fromFile = cfg[key];
    if (fromFile !== undefined && fromFile !== '') return fromFile;
    const fromEnv = env[key.toUpperCase()];
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : fallback;
  };
  const multiplier = Number(get('ldap_quota_multiplier', '1'));
  const bindUser = get('ldap_bind_user');
  const bindPassword = get('ldap_bind_passwd');
  return {
    uri: get('ldap_uri', 'ldap://localhost:389/').split(/\s+/)[0] ?? '',
    searchBase: get('ldap_search_base'),
    ...(bindUser ? { bindUser } : {}),
    ...(bindPassword ? { bindPassword } : {}),
    objectTypeAttribute: get('ldap_object_type_attribute', 'objectClass'),
    userTypeValues: get('ldap_user_type_attribute_value', 'posixAccount')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
    userSearchFilter: get('ldap_user_search_filter'),
    attributes: {
      login: get('ldap_loginname_attribute', 'uid'),
      fullname: get('ldap_fullname_attribute', 'cn'),
      email: get('ldap_emailaddress_attribute', 'mail'),
      aliases: get('ldap_emailaliases_attribute', 'kopanoAliases'),
      admin: get('ldap_isadmin_attribute', 'kopanoAdmin'),
      nonactive: get('ldap_nonactive_attribute', 'kopanoSharedStoreOnly'),
      hidden: 'kopanoHidden',
      quotaOverride: get('ldap_quotaoverride_attribute', 'kopanoQuotaOverride'),
      quotaWarn: get('ldap_warnquota_attribute', 'kopanoQuotaWarn'),
      quotaSoft: get('ldap_softquota_attribute', 'kopanoQuotaSoft'),
      quotaHard: get('ldap_hardquota_attribute', 'kopanoQuotaHard'),
      enabledFeatures: 'kopanoEnabledFeatures',
      disabledFeatures: 'kopanoDisabledFeatures',
    },
    quotaMultiplier: Number.isFinite(multiplier) && multiplier > 0 ? multiplier : 1,
  };
}

/** A filter value with RFC 4515's escapes. */
function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The filter Kopano's plugin searches users with: every type value, and the extra user filter if any. */
export function kopanoUserFilter(settings: KopanoLdapSettings): string {
  const types = settings.userTypeValues.map((v) => `(${settings.objectTypeAttribute}=${escapeFilterValue(v)})`);
  const extra = settings.userSearchFilter ? [settings.userSearchFilter.startsWith('(') ? settings.userSearchFilter : `(${settings.userSearchFilter})`] : [];
  const parts = [...types, ...extra];
  return parts.length === 1 ? (parts[0] ?? '') : `(&${parts.join('')})`;
}
