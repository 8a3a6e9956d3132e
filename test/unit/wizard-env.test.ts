import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envGroups, mailserverEnv, parseEnv } from '../../src/dms/mailserver-env.js';
import { diffHunks, diffLines } from '../../src/dms/text-diff.js';
import { defaultLdapFilters } from '../../src/dms/wizard-answers.js';
import { compareFiles, planFiles } from '../../src/services/deploy/plan-files.js';
import { backupName, writeFiles } from '../../src/services/deploy/write-files.js';
import { LDAP_SETTINGS, sampleAnswers } from '../support/wizard-answers.js';

/** The variables of DMS's mailserver.env and its environment documentation (research §8.2). */
const DOCUMENTED = new Set(
  `OVERRIDE_HOSTNAME LOG_LEVEL ACCOUNT_PROVISIONER POSTMASTER_ADDRESS PERMIT_DOCKER TZ SPOOF_PROTECTION ENABLE_OPENDKIM
  ENABLE_OPENDMARC ENABLE_POLICYD_SPF ENABLE_POP3 ENABLE_IMAP ENABLE_CLAMAV ENABLE_RSPAMD ENABLE_AMAVIS ENABLE_SPAMASSASSIN
  ENABLE_FAIL2BAN ENABLE_MANAGESIEVE ENABLE_POSTGREY ENABLE_QUOTAS SSL_TYPE SSL_CERT_PATH SSL_KEY_PATH DEFAULT_RELAY_HOST
  RELAY_HOST RELAY_PORT RELAY_USER RELAY_PASSWORD SMTP_ONLY TLS_LEVEL LDAP_START_TLS LDAP_SERVER_HOST LDAP_SEARCH_BASE
  LDAP_BIND_DN LDAP_BIND_PW LDAP_QUERY_FILTER_USER LDAP_QUERY_FILTER_GROUP LDAP_QUERY_FILTER_ALIAS LDAP_QUERY_FILTER_DOMAIN
  LDAP_QUERY_FILTER_SENDERS DOVECOT_TLS DOVECOT_USER_FILTER DOVECOT_PASS_FILTER ENABLE_SASLAUTHD SASLAUTHD_MECHANISMS
  SASLAUTHD_LDAP_SERVER SASLAUTHD_LDAP_BIND_DN SASLAUTHD_LDAP_PASSWORD SASLAUTHD_LDAP_SEARCH_BASE SASLAUTHD_LDAP_FILTER
  SASLAUTHD_LDAP_START_TLS`.split(/\s+/),
);
const ldapAnswers = sampleAnswers({ provisioner: 'ldap', firstAccount: undefined, ldap: { ...LDAP_SETTINGS, startTls: true, filters: defaultLdapFilters() } });

describe('mailserver.env', () => {
  it('holds only documented DMS variables, as plain VAR=VALUE lines without quotes', () => {
    for (const answers of [sampleAnswers(), ldapAnswers, sampleAnswers({ tls: { type: 'manual', certPath: '/a', keyPath: '/b' } })]) {
      const text = mailserverEnv(answers);
      for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
        expect(line).toMatch(/^[A-Z0-9_]+=[^"'\n]*$/);
        expect(DOCUMENTED, line).toContain(line.split('=')[0]);
      }
    }
  });

  it('turns the features into the ENABLE_ switches DMS recommends for each filter', () => {
    const rspamd = parseEnv(mailserverEnv(sampleAnswers()));
    expect(rspamd).toMatchObject({ ACCOUNT_PROVISIONER: 'FILE', ENABLE_RSPAMD: '1', ENABLE_OPENDKIM: '0', ENABLE_OPENDMARC: '0', ENABLE_POLICYD_SPF: '0', ENABLE_AMAVIS: '0', ENABLE_FAIL2BAN: '1', ENABLE_QUOTAS: '1', SSL_TYPE: 'letsencrypt', POSTMASTER_ADDRESS: 'postmaster@example.com' });
    const features = { ...sampleAnswers().features, spam: 'amavis' as const, clamav: true, pop3: true, relay: { host: 'relay.example.net', port: 587, user: 'me', password: 'pw' } };
    const amavis = parseEnv(mailserverEnv(sampleAnswers({ features, tls: { type: 'none' } })));
    expect(amavis).toMatchObject({ ENABLE_AMAVIS: '1', ENABLE_SPAMASSASSIN: '1', ENABLE_CLAMAV: '1', ENABLE_OPENDKIM: '1', ENABLE_POP3: '1', SSL_TYPE: '', DEFAULT_RELAY_HOST: '[relay.example.net]:587', RELAY_USER: 'me', RELAY_PASSWORD: 'pw' });
  });

  it('fills every LDAP, Dovecot and saslauthd variable for LDAP accounts, and turns quotas off', () => {
    const env = parseEnv(mailserverEnv(ldapAnswers));
    expect(env).toMatchObject({
      ACCOUNT_PROVISIONER: 'LDAP',
      LDAP_SERVER_HOST: 'ldap://127.0.0.1:3389',
      LDAP_START_TLS: 'yes',
      LDAP_BIND_PW: 'secret',
      LDAP_QUERY_FILTER_USER: '(&(objectClass=inetOrgPerson)(mail=%s))',
      DOVECOT_TLS: 'yes',
      DOVECOT_USER_FILTER: '(&(objectClass=inetOrgPerson)(mail=%u))',
      ENABLE_SASLAUTHD: '1',
      SASLAUTHD_LDAP_PASSWORD: 'secret',
      ENABLE_QUOTAS: '0',
    });
    expect(envGroups(ldapAnswers).flatMap((g) => g.vars).filter(([, v]) => v === '')).toEqual([]);
  });
});

describe('writing the files', () => {
  it('writes compose.yaml 0644 and a mailserver.env holding secrets 0600, then diffs and backs up on a change', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-write-'));
    const answers = { ...ldapAnswers, directory };
    const first = await compareFiles(planFiles(answers));
    expect(first.map((f) => [f.path.replace(directory, ''), f.status, f.mode.toString(8)])).toEqual([
      ['/compose.yaml', 'new', '644'],
      ['/mailserver.env', 'new', '600'],
    ]);
    await writeFiles(directory, first);
    expect((await stat(join(directory, 'mailserver.env'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, 'docker-data/dms/config'))).isDirectory()).toBe(true);
    expect((await compareFiles(planFiles(answers))).map((f) => f.status)).toEqual(['same', 'same']);

    const changed = { ...answers, ldap: { ...answers.ldap!, bindPassword: 'new-secret' }, hostname: 'mx.example.com' };
    const second = await compareFiles(planFiles(changed));
    expect(second.map((f) => f.status)).toEqual(['changed', 'changed']);
    expect(second[0]?.diff).toEqual(
      expect.arrayContaining(['-     hostname: mail.example.com # the FQDN; the MX records point here', '+     hostname: mx.example.com # the FQDN; the MX records point here']),
    );
    expect(second[1]?.diff.join('\n')).toContain('+ LDAP_BIND_PW=••••••••');
    expect(second[1]?.diff.join('\n')).not.toMatch(/new-secret|[^-]secret\b/);
    const now = new Date('2026-11-22T10:20:30Z');
    const result = await writeFiles(directory, second, now);
    expect(result.backups).toEqual([backupName(join(directory, 'compose.yaml'), now), backupName(join(directory, 'mailserver.env'), now)]);
    expect(result.backups[1]).toBe(`${directory}/mailserver.env.bak-20261122-102030`);
    expect((await stat(result.backups[1]!)).mode & 0o777).toBe(0o600);
    expect(await readFile(result.backups[1]!, 'utf8')).toContain('LDAP_BIND_PW=secret');
    expect(await readFile(join(directory, 'mailserver.env'), 'utf8')).toContain('LDAP_BIND_PW=new-secret');
  });

  it('leaves the old files whole when a write fails half-way', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-write-'));
    await writeFile(join(directory, 'compose.yaml'), 'old\n');
    const files = await compareFiles(planFiles({ ...sampleAnswers(), directory }));
    const broken = [...files, { ...files[0]!, path: join(directory, 'missing-dir-is-a-file/x'), status: 'new' as const }];
    await writeFile(join(directory, 'missing-dir-is-a-file'), 'a file where a folder should be');
    await expect(writeFiles(directory, broken)).rejects.toThrow();
    expect(await readFile(join(directory, 'compose.yaml'), 'utf8')).toBe('old\n');
    expect((await stat(join(directory, 'mailserver.env')).catch(() => undefined))).toBeUndefined();
  });

  it('shows only changed lines with a little context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n');
    expect(diffHunks(diffLines(before, after))).toEqual(['…', '  c', '  d', '- e', '+ E', '  f', '  g', '…']);
  });
});
