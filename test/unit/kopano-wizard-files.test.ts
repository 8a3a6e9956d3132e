import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseAnswersFile } from '../../src/dms/wizard-answers-file.js';
import { answersProblems, type WizardAnswers } from '../../src/dms/wizard-answers.js';
import { kopanoComposeModel, parseKopanoCompose, renderKopanoCompose } from '../../src/formats/kopano/compose.js';
import { parseSecretEnv, renderSecretEnv } from '../../src/formats/kopano/secret-env.js';
import { planKopanoFiles } from '../../src/services/deploy/plan-kopano-files.js';
import { stackReadiness } from '../../src/services/deploy/stack-readiness.js';

/** The Kopano stack's answers file, compose.yaml and secret files: what `mailwiz init` writes, without an engine. */

const KOPANO = {
  system: 'kopano',
  directory: '/srv/kopano',
  domains: ['example.org'],
  hostname: 'mail.example.org',
  ipv4: '198.51.100.7',
  publish: { address: '' },
};

function answers(extra: object = {}): { answers: WizardAnswers; problems: { field: string; message: string }[] } {
  return parseAnswersFile(stringify({ ...KOPANO, ...extra }), '/home/me');
}

describe('the answers file with system: kopano', () => {
  it('fills in the defaults: the bundled directory under dc=example,dc=org, MariaDB names, the mlan images, self-signed TLS', () => {
    const { answers: a, problems } = answers();
    expect(problems).toEqual([]);
    expect(a.kopano).toEqual({
      users: 'ldap',
      directory: 'bundled',
      ldap: { searchBase: 'dc=example,dc=org', userClass: 'posixAccount', groupClass: 'posixGroup' },
      mysql: { database: 'kopano', user: 'kopano' },
      images: { app: 'mlan/kopano', mta: 'mlan/postfix-amavis', db: 'mariadb', auth: 'mlan/openldap' },
    });
    expect(a.tls.type).toBe('self-signed');
    expect(answersProblems(a)).toEqual([]);
  });

  it("refuses DMS's keys, a bind password in characters compose would read differently, and Let's Encrypt not from Traefik", () => {
    const { problems } = answers({ accounts: { first: 'a@example.org', password: 'x' } });
    expect(problems).toContainEqual({ field: 'accounts', message: 'is for docker-mailserver (system: dms), not for the Kopano stack' });
    const external = answers({ kopano: { directory: 'external', ldap: { uri: 'ldap://ldap.example.org', bindDn: 'cn=reader,dc=example,dc=org', bindPassword: 'pa$$word' } } });
    expect(answersProblems(external.answers)).toContainEqual({
      field: 'kopano.ldap.bindPassword',
      message: 'The bind password cannot hold $, quotes, ` or \\ (compose would read them differently)',
    });
    const le = answers({ tls: { type: 'letsencrypt', source: 'mailwiz' } });
    expect(answersProblems(le.answers).map((p) => p.field)).toContain('tls.source');
  });
});

describe("compose.yaml and secrets/ of the Kopano stack", () => {
  const secrets = { mysqlPassword: 'db-secret-1', mysqlRootPassword: 'root-secret-2', directoryPassword: 'ldap-secret-3' };

  it('compose.yaml names the four services in start order, holds no password and reads back to the same model', () => {
    const { answers: a } = answers();
    const files = planKopanoFiles(a, secrets);
    const compose = files.find((f) => f.path === '/srv/kopano/compose.yaml');
    expect(compose?.mode).toBe(0o644);
    const text = compose?.content ?? '';
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    const model = parseKopanoCompose(text);
    expect(Object.keys(model.services)).toEqual(['db', 'auth', 'app', 'mta']);
    expect(model.services.mta?.environment).toMatchObject({
      MAIL_DOMAIN: 'example.org',
      VIRTUAL_TRANSPORT: 'lmtp:app:2003',
      LDAP_HOST: 'auth',
      LDAP_USER_BASE: 'ou=users,dc=example,dc=org',
      LDAP_QUERY_FILTER_USER: '(&(objectclass=posixAccount)(mail=%s))',
      LDAP_BIND_DN: 'cn=admin,dc=example,dc=org',
      SMTPD_USE_TLS: 'yes',
    });
    expect(model.services.app?.env_file).toEqual(['secrets/app.env']);
    expect(model.services.mta?.ports).toEqual(['25:25']);
    expect(model.services.app?.ports).toEqual(['8008:80', '143:143', '993:993', '8443:8443']);
    expect(Object.keys(model.volumes).sort()).toEqual(['app-atch', 'app-conf', 'app-spam', 'app-sync', 'auth', 'db', 'mta']);
  });

  it("Let's Encrypt from Traefik: acme.json mounted read-only in app and mta, ACME_FILE set, TLS ports published", () => {
    const { answers: a, problems } = answers({ tls: { type: 'letsencrypt', acmeJson: '/opt/traefik/acme.json' } });
    expect(problems).toEqual([]);
    expect(answersProblems(a)).toEqual([]);
    const model = parseKopanoCompose(planKopanoFiles(a, secrets)[0]?.content ?? '');
    for (const service of ['app', 'mta'] as const) {
      expect(model.services[service]?.volumes).toContain('/opt/traefik/acme.json:/acme/acme.json:ro');
      expect(model.services[service]?.environment.ACME_FILE).toBe('/acme/acme.json');
    }
    expect(model.services.mta?.environment.SMTPD_USE_TLS).toBe('yes');
    expect(model.services.app?.ports).toContain('993:993');
  });

  it('each secret file is 0600 and gives each service the passwords under the names its image reads', () => {
    const { answers: a } = answers();
    const byService = Object.fromEntries(
      planKopanoFiles(a, secrets)
        .filter((f) => f.path.includes('/secrets/'))
        .map((f) => [f.path.split('/').pop(), { mode: f.mode, vars: parseSecretEnv(f.content) }]),
    );
    expect(byService).toEqual({
      'db.env': { mode: 0o600, vars: { MYSQL_ROOT_PASSWORD: 'root-secret-2', MYSQL_PASSWORD: 'db-secret-1' } },
      'auth.env': { mode: 0o600, vars: { LDAPROOT_PW: 'ldap-secret-3' } },
      'app.env': { mode: 0o600, vars: { MYSQL_PASSWORD: 'db-secret-1', LDAP_BIND_PASSWD: 'ldap-secret-3' } },
      'mta.env': { mode: 0o600, vars: { LDAP_BIND_PW: 'ldap-secret-3' } },
    });
  });

  it('users in Kopano\'s database: no auth service, Postfix asks MariaDB, and new passwords are made only when none exist', () => {
    const { answers: a } = answers({ kopano: { users: 'db' } });
    const first = planKopanoFiles(a, {});
    const model = parseKopanoCompose(first[0]?.content ?? '');
    expect(Object.keys(model.services)).toEqual(['db', 'app', 'mta']);
    expect(model.services.mta?.environment).toMatchObject({ MYSQL_HOST: 'db', MYSQL_DATABASE: 'kopano', MYSQL_USER: 'kopano' });
    const made = parseSecretEnv(first.find((f) => f.path.endsWith('db.env'))?.content ?? '');
    expect(made.MYSQL_PASSWORD).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(made.MYSQL_ROOT_PASSWORD).not.toBe(made.MYSQL_PASSWORD);
    const again = planKopanoFiles(a, { mysqlPassword: made.MYSQL_PASSWORD, mysqlRootPassword: made.MYSQL_ROOT_PASSWORD });
    expect(again.map((f) => f.content)).toEqual(first.map((f) => f.content));
  });

  it('a dollar sign in a value is doubled for compose and read back as one; a secret file refuses one', () => {
    const { answers: a } = answers();
    const model = kopanoComposeModel(a, a.kopano!);
    model.services.mta!.environment.SMTP_RELAY_HOSTAUTH = 'relay.example.net user:pa$word';
    const text = renderKopanoCompose(model, 'test');
    expect(text).toContain('SMTP_RELAY_HOSTAUTH: "relay.example.net user:pa$$word"');
    expect(parseKopanoCompose(text).services.mta?.environment.SMTP_RELAY_HOSTAUTH).toBe('relay.example.net user:pa$word');
    expect(() => renderSecretEnv('app', { MYSQL_PASSWORD: 'a$b' })).toThrow(/cannot be written to an env file/);
  });
});

describe('stackReadiness', () => {
  const member = (name: string, state: string, programs: { name: string; state: string; off?: boolean }[] = []) => ({
    name,
    role: 'mta' as const,
    state,
    programs: programs.map((p) => ({ detail: '', off: false, ...p })),
  });

  it('waits for a member that starts, a daemon not yet running and the LMTP hand-over, in that order', () => {
    expect(stackReadiness({ members: [member('db', 'restarting')] })).toEqual({ ready: false, waitingFor: 'db (mta) is restarting' });
    expect(stackReadiness({ members: [member('mta', 'running', [{ name: 'amavis', state: 'FATAL' }])] })).toEqual({ ready: false, waitingFor: 'amavis in mta (fatal)' });
    const lmtp = { from: 'mta', destination: 'app:2003', ok: false, answer: 'cannot connect: Connection refused' };
    expect(stackReadiness({ members: [member('mta', 'running', [{ name: 'postfix', state: 'RUNNING' }, { name: 'spamd', state: 'STOPPED', off: true }])], lmtp })).toEqual({
      ready: false,
      waitingFor: "the groupware's LMTP at app:2003 (cannot connect: Connection refused)",
    });
    expect(stackReadiness({ members: [member('mta', 'running')], lmtp: { ...lmtp, ok: true } })).toEqual({ ready: true });
  });

  it('names a member that stopped: waiting cannot help', () => {
    expect(stackReadiness({ members: [member('app', 'running'), member('db', 'exited')] })).toEqual({ ready: false, waitingFor: 'db (mta)', stopped: 'db' });
  });
});
