import { describe, expect, it } from 'vitest';
import { parseAcmeJson } from '../../src/dms/traefik-acme.js';
import type { AcmeJsonSource, CertificateFileSource } from '../../src/services/tls/proxy-certificate.js';
import { checkRenewal, type RenewalFacts } from '../../src/services/tls/renewal.js';
import { byId } from '../support/dns-fixtures.js';
import { daysFromNow, makeCa, makeCertificate, type TestCertificate } from '../support/tls-certs.js';

/**
 * Whether the server serves the certificate it was given (acme.json, a live folder, SSL_CERT_PATH), with real
 * certificates: renewed but not applied, not there at all, unreadable, or replaced on the host behind a file mount.
 */

const FQDN = 'mail.example.test';
const NAMES = [FQDN, 'example.test'];
const ca = makeCa('Fake LE R3');
const issue = (names: string[], issuedDaysAgo: number): TestCertificate =>
  makeCertificate({ names, issuer: ca, notBefore: daysFromNow(-issuedDaysAgo), notAfter: daysFromNow(90 - issuedDaysAgo) });
const old = issue([FQDN], 70);
const renewed = issue([FQDN], 1);

const b64 = (text: string): string => Buffer.from(text).toString('base64');
/** Traefik v2's acme.json with one resolver, `letsencrypt`. */
function acmeJson(certificates: { main: string; sans?: string[]; cert: TestCertificate }[]): string {
  const entries = certificates.map(({ main, sans, cert }) => ({
    domain: { main, ...(sans ? { sans } : {}) },
    certificate: b64(cert.certPem + ca.certPem),
    key: b64(cert.keyPem),
    Store: 'default',
  }));
  return JSON.stringify({ letsencrypt: { Account: { Email: 'admin@example.test' }, Certificates: entries } }, null, 2);
}

const fromAcme = (text: string, more: Partial<AcmeJsonSource> = {}): AcmeJsonSource => ({
  kind: 'acme-json',
  file: '/etc/letsencrypt/acme.json',
  names: NAMES,
  read: { store: parseAcmeJson(text) },
  ...more,
});
const fromFile = (cert: TestCertificate | string, more: Partial<CertificateFileSource> = {}): CertificateFileSource => ({
  kind: 'file',
  file: '/srv/tls/mail.example.test/mail.example.test.crt',
  setBy: 'SSL_CERT_PATH',
  read: { pem: typeof cert === 'string' ? cert : cert.certPem + ca.certPem },
  ...more,
});
const facts = (more: Partial<RenewalFacts>): RenewalFacts => ({
  sslType: 'letsencrypt',
  fqdn: FQDN,
  renewers: ['traefik (traefik:v3)'],
  certbotConfig: false,
  now: new Date(),
  ...more,
});
const check = (more: Partial<RenewalFacts>) => byId(checkRenewal(facts(more)));

describe('SSL_TYPE=letsencrypt with Traefik’s acme.json', () => {
  it('passes when acme.json has the certificate of the FQDN and the server serves it', () => {
    const results = check({ source: fromAcme(acmeJson([{ main: FQDN, cert: renewed }])), served: renewed.cert });
    expect(results['renewal.acme-json']).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(
        /^acme\.json's certificate of mail\.example\.test \(resolver letsencrypt\) is valid for 8\d more days \(until \d{4}-\d\d-\d\d\)$/,
      ),
    });
    expect(results['renewal.applied']).toMatchObject({ status: 'pass', summary: "the server serves acme.json's certificate" });
    expect(Object.keys(results).sort()).toEqual(['renewal.acme-json', 'renewal.agent', 'renewal.applied', 'renewal.due']);
  });

  it('warns when Traefik renewed it and the server still serves the old one, with the fix', () => {
    const result = check({ source: fromAcme(acmeJson([{ main: FQDN, cert: renewed }])), served: old.cert })['renewal.applied'];
    expect(result).toMatchObject({ status: 'warn', summary: 'Traefik renewed it, the server still serves the old one' });
    const [dates, ...advice] = result?.detail?.split('\n') ?? [];
    expect(dates).toBe(`served: valid until ${day(old)}; acme.json: valid until ${day(renewed)}`);
    expect(advice.join(' ')).toContain('supervisorctl status changedetector');
    expect(advice.join(' ')).toContain("/etc/letsencrypt/acme.json is Traefik's own acme.json mounted");
  });

  it('warns, without claiming a renewal, when the server serves something else than an older acme.json certificate', () => {
    const result = check({ source: fromAcme(acmeJson([{ main: FQDN, cert: old }])), served: renewed.cert })['renewal.applied'];
    expect(result).toMatchObject({ status: 'warn', summary: 'the server serves another certificate than the one in acme.json' });
  });

  it('takes DOMAINNAME from `sans` when there is none for HOSTNAME', () => {
    const wildcard = issue(['*.example.test', 'example.test'], 5);
    const source = fromAcme(acmeJson([{ main: '*.example.test', sans: ['example.test'], cert: wildcard }]));
    const results = check({ source, served: wildcard.cert });
    expect(results['renewal.acme-json']?.summary).toMatch(/^acme\.json's certificate of example\.test /);
    expect(results['renewal.applied']?.status).toBe('pass');
  });

  it('fails when acme.json has nothing for the names DMS tries, naming them, what it has, and a wildcard that would do', () => {
    const wildcard = issue(['*.example.test'], 5);
    const text = acmeJson([
      { main: 'www.example.org', sans: ['example.org'], cert: issue(['www.example.org', 'example.org'], 5) },
      { main: '*.example.test', cert: wildcard },
    ]);
    const result = check({ source: fromAcme(text), served: old.cert })['renewal.acme-json'];
    expect(result).toMatchObject({
      status: 'fail',
      summary: 'acme.json has no certificate DMS can use for mail.example.test, example.test',
    });
    expect(result?.detail?.split('\n')).toEqual([
      'DMS looks for SSL_DOMAIN, then HOSTNAME, then DOMAINNAME, each as a certificate’s exact `main` or one of its `sans`',
      '*.example.test covers it, but DMS matches names exactly: set SSL_DOMAIN=*.example.test',
      'acme.json has: www.example.org, example.org; *.example.test',
    ]);
    expect(check({ source: fromAcme(text), served: old.cert })['renewal.applied']).toBeUndefined();
  });

  it('names SSL_DOMAIN first among the names tried', () => {
    const source = fromAcme(acmeJson([]), { names: ['*.example.test', ...NAMES] });
    expect(check({ source })['renewal.acme-json']?.summary).toBe(
      'acme.json has no certificate DMS can use for *.example.test, mail.example.test, example.test',
    );
  });

  it('fails when acme.json cannot be read, or is in Traefik v1’s layout', () => {
    const unreadable = fromAcme('{}', { read: { problem: 'acme.json is not valid JSON (line 3, column 5)' } });
    expect(check({ source: unreadable })['renewal.acme-json']).toMatchObject({
      status: 'fail',
      summary: '/etc/letsencrypt/acme.json cannot be read: acme.json is not valid JSON (line 3, column 5)',
    });
    const v1 = JSON.stringify({
      Account: {},
      Certificates: [{ Domain: { Main: FQDN, SANs: null }, Certificate: b64(old.certPem), Key: b64(old.keyPem) }],
    });
    expect(check({ source: fromAcme(v1), served: old.cert })['renewal.acme-json']).toMatchObject({
      status: 'fail',
      summary: "acme.json is in Traefik v1's layout, which DMS does not read (it reads Traefik v2's and v3's)",
    });
  });

  it('warns when acme.json’s certificate is close to expiry, fails when it expired (Traefik is not renewing)', () => {
    const soon = issue([FQDN], 80);
    const expired = makeCertificate({ names: [FQDN], issuer: ca, notBefore: daysFromNow(-100), notAfter: daysFromNow(-10) });
    expect(check({ source: fromAcme(acmeJson([{ main: FQDN, cert: soon }])) })['renewal.acme-json']).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/expires in (9|10) days \(\d{4}-\d\d-\d\d\): Traefik has not renewed it$/),
    });
    expect(check({ source: fromAcme(acmeJson([{ main: FQDN, cert: expired }])) })['renewal.acme-json']).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/expired on \d{4}-\d\d-\d\d: Traefik has not renewed it$/),
    });
  });

  it('warns when the host’s acme.json was replaced behind a single-file mount', () => {
    const source = fromAcme(acmeJson([{ main: FQDN, cert: old }]), { hostCopy: { hostFile: '/srv/traefik/acme.json', differs: true } });
    const result = check({ source, served: old.cert })['renewal.mount'];
    expect(result).toMatchObject({
      status: 'warn',
      summary: 'the container sees an old /etc/letsencrypt/acme.json: /srv/traefik/acme.json on the host has changed since it started',
    });
    expect(result?.detail).toContain('the container keeps the file it started with');
    const unchanged = { ...source, hostCopy: { hostFile: '/srv/traefik/acme.json', differs: false } };
    expect(check({ source: unchanged })['renewal.mount']).toBeUndefined();
  });

  it('warns when Traefik runs but the server has no acme.json (its renewals cannot reach it), unless certbot has it', () => {
    const live = fromFile(old, { file: '/etc/letsencrypt/live/mail.example.test/fullchain.pem', setBy: 'letsencrypt' });
    expect(check({ source: live, served: old.cert })['renewal.acme-json']).toMatchObject({
      status: 'warn',
      summary: "traefik (traefik:v3) runs here, but the server has no /etc/letsencrypt/acme.json: Traefik's renewals do not reach it",
    });
    expect(check({ source: live, served: old.cert, certbotConfig: true })['renewal.acme-json']).toBeUndefined();
    expect(check({ source: live, served: old.cert, renewers: ['certbot (certbot/certbot)'] })['renewal.acme-json']).toBeUndefined();
    // mailwiz's (or certbot's) cron job renews the live/ files: Traefik is there for other sites.
    const withCron = ['traefik (traefik:v3)', 'cron (/etc/cron.d/mailwiz-cert-renew)'];
    expect(check({ source: live, served: old.cert, renewers: withCron })['renewal.acme-json']).toBeUndefined();
  });

  it('says when no Traefik renews acme.json', () => {
    expect(check({ source: fromAcme(acmeJson([{ main: FQDN, cert: old }])), renewers: [] })['renewal.agent']).toMatchObject({
      status: 'warn',
      summary: 'no Traefik was found running here: nothing renews the certificates in acme.json',
    });
  });

  it('prints names from acme.json as text, not terminal commands', () => {
    const sneaky = issue(['evil.example'], 5);
    const result = check({ source: fromAcme(acmeJson([{ main: 'evil\x1b]0;pwned\x07.example', cert: sneaky }])) })['renewal.acme-json'];
    expect(result?.detail).toContain('acme.json has: evil.example');
    expect(result?.detail).not.toContain('\x1b');
  });
});

describe('a certificate file: SSL_TYPE=manual (SSL_CERT_PATH) and letsencrypt’s live folder', () => {
  it('passes when the server serves the file’s certificate', () => {
    const results = check({ sslType: 'manual', source: fromFile(renewed), served: renewed.cert });
    expect(Object.values(results)).toEqual([
      {
        id: 'renewal.applied',
        status: 'pass',
        summary: 'the server serves the certificate in /srv/tls/mail.example.test/mail.example.test.crt',
        resolver: 'this machine',
      },
    ]);
  });

  it('warns when the file was renewed and not applied, explaining the single-file mount pitfall', () => {
    const result = check({ sslType: 'manual', source: fromFile(renewed), served: old.cert })['renewal.applied'];
    expect(result).toMatchObject({
      status: 'warn',
      summary: '/srv/tls/mail.example.test/mail.example.test.crt was renewed, the server still serves the old certificate',
    });
    expect(result?.detail).toContain('supervisorctl status changedetector');
    expect(result?.detail).toContain('single file bind-mounted from the host');
    expect(result?.detail).toContain('mount its folder instead');
  });

  it('warns when the host’s file was replaced behind a single-file mount, though the server serves what the container sees', () => {
    const source = fromFile(old, { hostCopy: { hostFile: '/srv/caddy/certificates/x/mail.example.test.crt', differs: true } });
    const results = check({ sslType: 'manual', source, served: old.cert });
    expect(results['renewal.applied']?.status).toBe('pass');
    expect(results['renewal.mount']).toMatchObject({ status: 'warn', summary: expect.stringContaining('/srv/caddy/certificates/x/') });
    expect(results['renewal.mount']?.detail).toContain('mount the folder that holds the file instead of the file');
  });

  it('fails a file that cannot be read or holds no certificate', () => {
    const missing = fromFile('', { read: { problem: 'there is no such file' } });
    expect(check({ sslType: 'manual', source: missing, served: old.cert })).toEqual({
      'renewal.file': {
        id: 'renewal.file',
        status: 'fail',
        summary: '/srv/tls/mail.example.test/mail.example.test.crt cannot be read: there is no such file',
        resolver: 'this machine',
      },
    });
    expect(check({ sslType: 'manual', source: fromFile('garbage'), served: old.cert })['renewal.file']?.summary).toBe(
      '/srv/tls/mail.example.test/mail.example.test.crt holds no readable PEM certificate',
    );
  });

  it('letsencrypt’s live folder (certbot, or Caddy’s files mounted there) is compared too, beside the renewal rules', () => {
    const source = fromFile(renewed, { file: '/etc/letsencrypt/live/mail.example.test/fullchain.pem', setBy: 'letsencrypt' });
    const results = check({ source, served: old.cert, renewers: ['certbot (certbot/certbot)'] });
    expect(results['renewal.applied']?.summary).toBe(
      '/etc/letsencrypt/live/mail.example.test/fullchain.pem was renewed, the server still serves the old certificate',
    );
    expect(Object.keys(results).sort()).toEqual(['renewal.agent', 'renewal.applied', 'renewal.due']);
  });
});

function day(cert: TestCertificate): string {
  return new Date(cert.cert.validTo).toISOString().slice(0, 10);
}
