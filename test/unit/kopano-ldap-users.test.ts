import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kopanoLdapSettings, kopanoUserFilter, parseKopanoCfg } from '../../src/formats/kopano/ldap-settings.js';
import { kopanoUsersFromLdif } from '../../src/formats/kopano/ldap-users.js';
import { parseLdif } from '../../src/formats/ldap/ldif.js';

/** Kopano's LDAP settings and users, on `ldapsearch -LLL` output captured from the auth stand-in (slapd). */

const CAPTURE = readFileSync(new URL('samples/kopano-ldapsearch-users.ldif', import.meta.url), 'utf8');
const MB = 1024 * 1024;

describe('parseLdif', () => {
  it('reads entries, repeated attributes, base64 values and folded lines', () => {
    const entries = parseLdif(CAPTURE);
    expect(entries.map((e) => e.dn)).toEqual(['uid=jane,ou=users,dc=example,dc=test', 'uid=john,ou=users,dc=example,dc=test', 'uid=shared,ou=users,dc=example,dc=test']);
    expect(entries[0]?.attributes.kopanoenabledfeatures).toEqual(['imap', 'pop3']);
    expect(entries[1]?.attributes.cn).toEqual(['Jöhn Smith']);
    const folded = parseLdif('dn: uid=x,dc=example,dc=test\ndescription: a long\n  value\n# comment\nmail: x@example.test\n');
    expect(folded[0]?.attributes).toEqual({ description: ['a long value'], mail: ['x@example.test'] });
  });
});

describe('Kopano LDAP settings', () => {
  it('takes ldap.cfg first, the image environment second, kopano-ldap.cfg(5) defaults last', () => {
    const cfg = parseKopanoCfg('!include /usr/share/kopano/ldap.openldap.cfg\n# comment\nldap_uri = ldaps://dir.example.org/\nldap_search_base = dc=example,dc=org\nldap_user_search_filter =\n');
    const settings = kopanoLdapSettings(cfg, { LDAP_URI: 'ldap://ignored/', LDAP_USER_SEARCH_FILTER: '(kopanoAccount=1)', LDAP_QUOTA_MULTIPLIER: '1048576' });
    expect(settings).toMatchObject({ uri: 'ldaps://dir.example.org/', searchBase: 'dc=example,dc=org', userTypeValues: ['posixAccount'], quotaMultiplier: MB });
    expect(settings.attributes).toMatchObject({ login: 'uid', email: 'mail', aliases: 'kopanoAliases' });
    expect(kopanoUserFilter(settings)).toBe('(&(objectClass=posixAccount)(kopanoAccount=1))');
  });

  it('requires every comma-separated type value and escapes filter characters', () => {
    const settings = kopanoLdapSettings({ ldap_user_type_attribute_value: 'kopano-user, person(x)' }, {});
    expect(kopanoUserFilter(settings)).toBe('(&(objectClass=kopano-user)(objectClass=person\\28x\\29))');
  });
});

describe('kopanoUsersFromLdif', () => {
  it('maps the attributes Kopano reads: login, aliases, admin, shared store, hidden, own quota times the multiplier, features', () => {
    const settings = kopanoLdapSettings({}, { LDAP_QUOTA_MULTIPLIER: '1048576' });
    const [jane, john, shared] = kopanoUsersFromLdif(parseLdif(CAPTURE), settings);
    expect(jane).toEqual({
      dn: 'uid=jane,ou=users,dc=example,dc=test',
      login: 'jane',
      fullname: 'jane',
      email: 'jane@example.test',
      aliases: ['info@example.test'],
      admin: true,
      sharedStore: false,
      hidden: false,
      quota: { warn: 900 * MB, soft: 950 * MB, hard: 1000 * MB },
      features: { enabled: ['imap', 'pop3'], disabled: [] },
    });
    expect(john).toMatchObject({ login: 'john', fullname: 'Jöhn Smith', admin: false, features: { enabled: [], disabled: ['pop3'] } });
    expect(john?.quota).toBeUndefined();
    expect(shared).toMatchObject({ sharedStore: true, hidden: true });
  });

  it('without the quota override the server default applies, whatever limits the entry holds', () => {
    const entries = parseLdif('dn: uid=a,dc=x\nuid: a\nkopanoQuotaOverride: 0\nkopanoQuotaHard: 5\n');
    expect(kopanoUsersFromLdif(entries, kopanoLdapSettings({}, {}))[0]?.quota).toBeUndefined();
  });
});
