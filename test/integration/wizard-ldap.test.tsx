import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLdapFilters, type LdapSettings } from '../../src/dms/wizard-answers.js';
import { testDirectory } from '../../src/services/ldap/directory-test.js';
import { LdapStep } from '../../wizards/ldap-step.js';
import { freePort } from '../support/wizard-apt.js';
import { sampleAnswers } from '../support/wizard-answers.js';
import { KEYS } from '../support/wizard-ink.js';
import { renderStep } from '../support/wizard-steps.js';
import { LDAP_ADMIN, LDAP_BASE, LDAP_PASSWORD, startLdapServer, type LdapServer } from '../support/ldap-server.js';

let server: LdapServer;
beforeAll(async () => {
  server = await startLdapServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

function settings(overrides: Partial<LdapSettings> = {}): LdapSettings {
  return { uri: server.uri, startTls: false, bindDn: LDAP_ADMIN, bindPassword: LDAP_PASSWORD, searchBase: `ou=people,${LDAP_BASE}`, filters: defaultLdapFilters(), ...overrides };
}

describe('the live LDAP test against a real slapd', () => {
  it('with a good configuration: binds, counts the users with examples, and asks DOMAIN and SENDERS about a sample', async () => {
    const report = await testDirectory(settings());
    expect(report.ok).toBe(true);
    expect(report.userCount).toBe(3);
    expect(report.examples).toEqual(['alice@example.test', 'bob@example.test', 'carol@example.test']);
    expect(report.sample).toBe('alice@example.test');
    expect(report.domainMatches).toBe(3);
    expect(report.senders).toEqual(['alice@example.test']);
    expect(report.steps.map((s) => `${s.name} ${s.status}`)).toEqual(['connect ok', 'bind ok', 'base ok', 'users ok', 'domain ok', 'senders ok']);
    expect(report.steps[3]?.message).toBe('The USER filter matches 3 users, e.g. alice@example.test, bob@example.test, carol@example.test');
    const alias = await testDirectory(settings(), { sampleAddress: 'info@example.test' });
    expect(alias.steps.find((s) => s.name === 'senders')?.message).toBe('The SENDERS filter lets alice@example.test send as info@example.test');
  });

  it('with a wrong password: says the directory refused the bind DN or its password', async () => {
    const report = await testDirectory(settings({ bindPassword: 'wrong' }));
    expect(report.ok).toBe(false);
    expect(report.steps).toEqual([
      { name: 'connect', status: 'ok', message: `Connected to ${server.uri}` },
      { name: 'bind', status: 'fail', message: `The directory refused the bind DN or its password (invalid credentials): check both for ${LDAP_ADMIN}` },
    ]);
  });

  it('with a wrong base: says the search base does not exist', async () => {
    const report = await testDirectory(settings({ searchBase: `ou=staff,${LDAP_BASE}` }));
    expect(report.steps.at(-1)).toEqual({ name: 'base', status: 'fail', message: `The search base ou=staff,${LDAP_BASE} does not exist in the directory: check the spelling (e.g. ou=people,dc=example,dc=com)` });
  });

  it('with a filter matching nobody: says no one could log in', async () => {
    const report = await testDirectory(settings({ filters: { ...defaultLdapFilters(), user: '(&(objectClass=posixAccount)(mail=%s))' } }));
    expect(report.ok).toBe(false);
    expect(report.userCount).toBe(0);
    expect(report.steps.at(-1)?.message).toBe(`The USER filter matches nobody under ou=people,${LDAP_BASE}: no one could log in or receive mail. Check the filter and the base`);
    const domain = await testDirectory(settings({ filters: { ...defaultLdapFilters(), domain: '(associatedDomain=%s)' } }));
    expect(domain.steps.find((s) => s.name === 'domain')).toEqual({ name: 'domain', status: 'fail', message: 'The DOMAIN filter finds nothing for example.test: mail to alice@example.test would be refused' });
  });

  it('with an unreachable server: says nothing answers there', async () => {
    const port = await freePort();
    const report = await testDirectory(settings({ uri: `ldap://127.0.0.1:${port}` }));
    expect(report.steps).toEqual([{ name: 'connect', status: 'fail', message: `Nothing answers at 127.0.0.1:${port}: is the directory running, and is the port right?` }]);
    const tls = await testDirectory(settings({ startTls: true }));
    expect(tls.steps[0]).toMatchObject({ name: 'connect', status: 'fail' });
  });
});

describe('the LDAP step against a real slapd', () => {
  it('asks the settings, tests them live, explains a failure, and edits the field it points at', async () => {
    const step = await renderStep(LdapStep, sampleAnswers({ provisioner: 'ldap', firstAccount: undefined }));
    await step.answer('ldap.example.test');
    expect(step.frame()).toContain("'ldap.example.test' must start with ldap:// or ldaps:// (DMS needs the scheme)");
    await step.erase(17);
    await step.answer(server.uri);
    await step.press(KEYS.down);
    await step.press(KEYS.enter);
    await step.answer('admin');
    expect(step.frame()).toContain("The bind DN 'admin' is not a DN: 'admin' is not attribute=value");
    await step.erase(5);
    await step.answer(LDAP_ADMIN);
    await step.answer('wrong-password');
    expect(step.frame()).not.toContain('wrong-password');
    await step.answer(`ou=people,${LDAP_BASE}`);
    await step.erase(60);
    await step.answer('(mail=%s');
    expect(step.frame()).toContain("The USER filter is not valid LDAP filter syntax: expected ')' but the filter ended at position 9");
    await step.answer(')');
    for (let i = 0; i < 4; i++) await step.answer('');
    await step.until(/refused the bind DN or its password/);
    expect(step.frame()).toContain('k: keep these settings anyway · r: test again · e/Esc: edit');
    await step.press('e');
    expect(step.frame()).toContain('Bind password');
    await step.erase(14);
    await step.answer(LDAP_PASSWORD);
    for (let i = 0; i < 6; i++) await step.answer('');
    await step.until(/The USER filter matches 3 users, e\.g\. alice@example\.test, bob@example\.test,\s+carol@example\.test/);
    expect(step.frame()).toContain('The DOMAIN filter finds example.test');
    expect(step.frame()).toContain('The SENDERS filter lets alice@example.test send as alice@example.test');
    await step.press(KEYS.enter);
    expect(step.next()?.ldap).toEqual({
      uri: server.uri,
      startTls: false,
      bindDn: LDAP_ADMIN,
      bindPassword: LDAP_PASSWORD,
      searchBase: `ou=people,${LDAP_BASE}`,
      filters: { ...defaultLdapFilters(), user: '(mail=%s)' },
    });
    await step.unmount();
  });
});
