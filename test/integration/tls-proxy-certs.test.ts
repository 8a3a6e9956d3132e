import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caddyManualTls } from '../../src/dms/caddy-storage.js';
import { ACME_JSON_KEYS_WITHHELD_PY, ACME_JSON_PATH } from '../../src/dms/traefik-acme.js';
import { gatherServerFacts } from '../../src/services/check/server-facts.js';
import type { CheckResult } from '../../src/services/dns/check-result.js';
import { locateCaddyCertificate } from '../../src/services/tls/caddy-certificate.js';
import { probeTls } from '../../src/services/tls/probe.js';
import { checkRenewal } from '../../src/services/tls/renewal.js';
import { byId } from '../support/dns-fixtures.js';
import { startAuthoritativeDns, type AuthoritativeDns } from '../support/dns-server.js';
import { eventually } from '../support/eventually.js';
import { runCli } from '../support/run-cli.js';
import { startTestbed, TEST_DOMAIN, type Testbed } from '../support/testbed.js';
import { daysFromNow, makeCa, makeCertificate, type TestCertificate } from '../support/tls-certs.js';

/**
 * SSL_TYPE=letsencrypt with Traefik's acme.json mounted as DMS documents it (/etc/letsencrypt/acme.json:ro, one
 * file): the server extracts the certificate of its FQDN and serves it, and the renewal check compares acme.json
 * with what is served. acme.json is then renewed the ways Traefik and admins do it: rewritten in place (the change
 * detector applies it; stopped, it does not), and replaced by a new file (the container keeps the old one).
 * Then Caddy's storage: the certificate located in its data folder, its folder mounted for SSL_TYPE=manual, and a
 * renewal written as Caddy writes files (new file renamed over the old) reaches the server.
 */

const FQDN = `mail.${TEST_DOMAIN}`;
const ca = makeCa('Fake Traefik CA');
/** A certificate for the FQDN issued `age` days ago, valid for 90 days. */
const issued = (age: number): TestCertificate =>
  makeCertificate({ names: [FQDN], issuer: ca, notBefore: daysFromNow(-age), notAfter: daysFromNow(90 - age) });
const first = issued(60);
const renewals = [issued(3), issued(2), issued(1)] as const;

const b64 = (text: string): string => Buffer.from(text).toString('base64');
/** acme.json as Traefik v3 writes it: one resolver, the chain and key base64 of their PEM text. */
function acmeJson(cert: TestCertificate): string {
  const account = {
    Email: `admin@${TEST_DOMAIN}`,
    Registration: { body: { status: 'valid' }, uri: 'https://ca.test/acct/1' },
    PrivateKey: b64('account key'),
    KeyType: '4096',
  };
  const entry = { domain: { main: FQDN }, certificate: b64(cert.certPem + ca.certPem), key: b64(cert.keyPem), Store: 'default' };
  return JSON.stringify({ letsencrypt: { Account: account, Certificates: [entry] } }, null, 2);
}

const log = (line: string): void => void process.stderr.write(`[traefik] ${line}\n`);
let dir: string;
let acmeFile: string;
let dns: AuthoritativeDns;
let testbed: Testbed;

/**
 * The certificate served on 465. A handshake can fail while the change detector restarts Postfix, or time out on a
 * loaded machine: those are retried, since what these tests compare is the certificate, not the handshake.
 */
async function servedLeaf(on: Testbed = testbed): Promise<X509Certificate | undefined> {
  let leaf: X509Certificate | undefined;
  await eventually(async () => {
    const probe = await probeTls({ host: '127.0.0.1', port: on.port(465), mode: 'implicit', servername: FQDN }, { timeoutMs: 10_000 });
    if (probe.ok && probe.chain[0]) leaf = new X509Certificate(probe.chain[0]);
    return leaf !== undefined;
  }, 40_000, 500);
  return leaf;
}

/** The renewal group of `mailwiz check`, from the facts gathered on the server and the certificate served. */
async function renewalCheck(on: Testbed = testbed): Promise<Record<string, CheckResult>> {
  const facts = await gatherServerFacts(on.target);
  return byId(checkRenewal({ sslType: facts.sslType, fqdn: facts.fqdn, served: await servedLeaf(on), ...facts.renewal, now: new Date() }));
}

const serving = (cert: TestCertificate, on?: Testbed) => async () => (await servedLeaf(on))?.fingerprint256 === cert.cert.fingerprint256;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailwiz-traefik-'));
  acmeFile = join(dir, 'acme.json');
  await writeFile(acmeFile, acmeJson(first), { mode: 0o600 });
  await writeFile(join(dir, 'ca.pem'), ca.certPem);
  dns = await startAuthoritativeDns([{ origin: TEST_DOMAIN, records: 'mail A 127.0.0.1' }], log);
  testbed = await startTestbed({ env: { SSL_TYPE: 'letsencrypt' }, binds: [`${acmeFile}:${ACME_JSON_PATH}:ro`] });
  // Postfix may still be starting when the readiness line is logged.
  await servedLeaf();
}, 150_000);

afterAll(async () => {
  await testbed?.remove();
  await dns?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('acme.json extracted at start', { timeout: 120_000 }, () => {
  it('is what the server serves, and the renewal check passes', async () => {
    expect((await servedLeaf())?.fingerprint256).toBe(first.cert.fingerprint256);
    const results = await renewalCheck();
    expect(results['renewal.acme-json']).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(/^acme\.json's certificate of mail\.example\.test \(resolver letsencrypt\) is valid for 29 more days/),
    });
    expect(results['renewal.applied']).toMatchObject({ status: 'pass', summary: "the server serves acme.json's certificate" });
    expect(results['renewal.mount']).toBeUndefined();
  });

  it('gathers acme.json without keys, and finds the key DMS extracted (live/<FQDN>/key.pem)', async () => {
    const facts = await gatherServerFacts(testbed.target);
    expect(facts.key?.file).toBe(`/etc/letsencrypt/live/${FQDN}/key.pem`);
    const source = facts.renewal.source;
    expect(source).toMatchObject({ kind: 'acme-json', file: ACME_JSON_PATH, names: [FQDN, TEST_DOMAIN] });
    const entries = source?.kind === 'acme-json' && 'store' in source.read ? source.read.store.entries : [];
    expect(entries).toMatchObject([{ resolver: 'letsencrypt', main: FQDN, usable: true, fingerprint256: first.cert.fingerprint256 }]);
    expect(entries[0] && 'keyPem' in entries[0]).toBe(false);
  });

  it('the filter that reads acme.json inside the server prints no private key (Python in the container)', async () => {
    const { stdout, exitCode } = await testbed.target.exec(['python3', '-c', ACME_JSON_KEYS_WITHHELD_PY, ACME_JSON_PATH]);
    expect(exitCode).toBe(0);
    expect(stdout).not.toContain(b64(first.keyPem).slice(0, 40));
    expect(stdout).not.toContain(b64('account key'));
    type Printed = { store: { letsencrypt: { Account: { PrivateKey: unknown }; Certificates: { key: unknown }[] } } };
    const { store } = JSON.parse(stdout) as Printed;
    expect(store.letsencrypt.Account.PrivateKey).toBe(true);
    expect(store.letsencrypt.Certificates[0]?.key).toBe(true);
  });

  it('mailwiz check (the built CLI) shows the acme.json result', async () => {
    const args = ['-c', testbed.name, 'check', '--resolver', dns.server, '--no-dnsbl', '--timeout', '3', '--ca', join(dir, 'ca.pem')];
    const { stdout, stderr } = await runCli(args);
    expect(stderr).toBe('');
    const group = stdout.split('\n\n').find((block) => block.startsWith('certificate renewal (SSL_TYPE=letsencrypt)\n'));
    const lines = group?.split('\n') ?? [];
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}✓ acme\.json's certificate of mail\.example\.test \(resolver letsencrypt\) is valid for 29 more days/),
    );
    expect(lines).toContain("  ✓ the server serves acme.json's certificate");
  });
});

describe('acme.json renewed', { timeout: 150_000 }, () => {
  it('in place, with the change detector running: reported as not applied until it is, then passes with the new one', async () => {
    const renewed = renewals[0];
    await writeFile(acmeFile, acmeJson(renewed));
    const applied = (await renewalCheck())['renewal.applied'];
    // The change detector polls every 2 s: the first check sees either side of its work.
    const notYet = { status: 'warn', summary: 'Traefik renewed it, the server still serves the old one' };
    const done = { status: 'pass', summary: "the server serves acme.json's certificate" };
    expect([notYet, done]).toContainEqual({ status: applied?.status, summary: applied?.summary });
    if (applied?.status === 'pass') expect((await servedLeaf())?.fingerprint256).toBe(renewed.cert.fingerprint256);
    expect(await eventually(serving(renewed), 30_000, 500)).toBe(true);
    expect((await renewalCheck())['renewal.applied']).toMatchObject(done);
  });

  it('in place, with the change detector stopped: the mismatch stays reported, with the fix; started, it applies it', async () => {
    const renewed = renewals[1];
    const previous = renewals[0];
    await testbed.target.exec(['supervisorctl', 'stop', 'changedetector']);
    try {
      await writeFile(acmeFile, acmeJson(renewed));
      const results = await renewalCheck();
      expect(results['renewal.acme-json']?.summary).toMatch(/valid for 87 more days/);
      expect(results['renewal.applied']).toMatchObject({
        status: 'warn',
        summary: 'Traefik renewed it, the server still serves the old one',
      });
      expect(results['renewal.applied']?.detail).toContain('supervisorctl status changedetector');
      expect((await servedLeaf())?.fingerprint256).toBe(previous.cert.fingerprint256);
    } finally {
      await testbed.target.exec(['supervisorctl', 'start', 'changedetector']);
    }
    expect(await eventually(serving(renewed), 30_000, 500)).toBe(true);
    expect((await renewalCheck())['renewal.applied']?.status).toBe('pass');
  });

  it('as a new file renamed over it: the container keeps the old one, and the check says why', async () => {
    const renewed = renewals[2];
    const previous = renewals[1];
    const written = join(dir, 'acme.json.new');
    await writeFile(written, acmeJson(renewed), { mode: 0o600 });
    await rename(written, acmeFile);
    const results = await renewalCheck();
    expect(results['renewal.mount']).toMatchObject({
      status: 'warn',
      summary: `the container sees an old ${ACME_JSON_PATH}: ${acmeFile} on the host has changed since it started`,
    });
    expect(results['renewal.mount']?.detail).toContain('the container keeps the file it started with');
    // What the container sees is still the previous acme.json, and it serves that.
    expect(results['renewal.acme-json']?.summary).toMatch(/valid for 87 more days/);
    expect(results['renewal.applied']?.status).toBe('pass');
    expect((await servedLeaf())?.fingerprint256).toBe(previous.cert.fingerprint256);
  });
});

describe('Caddy’s storage, its site folder mounted for SSL_TYPE=manual', { timeout: 120_000 }, () => {
  const ISSUER = 'acme-v02.api.letsencrypt.org-directory';
  const caddyFirst = issued(50);
  const caddyRenewed = issued(0);
  let caddy: Testbed;
  let siteFolder: string;

  /** As Caddy writes a file: beside it, then renamed over it. */
  async function caddyWrites(file: string, content: string): Promise<void> {
    await writeFile(`${file}.tmp`, content, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }

  beforeAll(async () => {
    const data = join(dir, 'caddy-data');
    siteFolder = join(data, 'caddy', 'certificates', ISSUER, FQDN);
    await mkdir(siteFolder, { recursive: true });
    await writeFile(join(siteFolder, `${FQDN}.crt`), caddyFirst.certPem + ca.certPem);
    await writeFile(join(siteFolder, `${FQDN}.key`), caddyFirst.keyPem, { mode: 0o600 });
    await writeFile(join(siteFolder, `${FQDN}.json`), JSON.stringify({ sans: [FQDN], issuer_data: {} }));
    const located = await locateCaddyCertificate(data, FQDN);
    if (!located) throw new Error(`Caddy's certificate of ${FQDN} was not found in ${data}`);
    const { volume, env } = caddyManualTls(data, located);
    caddy = await startTestbed({ env, binds: [volume] });
    await eventually(async () => (await servedLeaf(caddy)) !== undefined, 20_000, 250);
  }, 150_000);

  afterAll(async () => {
    await caddy?.remove();
  });

  it('is served, and the check compares it with SSL_CERT_PATH', async () => {
    expect((await servedLeaf(caddy))?.fingerprint256).toBe(caddyFirst.cert.fingerprint256);
    const results = await renewalCheck(caddy);
    const summary = `the server serves the certificate in /srv/tls/${FQDN}/${FQDN}.crt`;
    expect(Object.values(results)).toEqual([expect.objectContaining({ id: 'renewal.applied', status: 'pass', summary })]);
  });

  it('a renewal Caddy writes (renamed over the old files) reaches the server through the folder mount', async () => {
    await caddyWrites(join(siteFolder, `${FQDN}.key`), caddyRenewed.keyPem);
    await caddyWrites(join(siteFolder, `${FQDN}.crt`), caddyRenewed.certPem + ca.certPem);
    const applied = (await renewalCheck(caddy))['renewal.applied'];
    const notYet = { status: 'warn', summary: `/srv/tls/${FQDN}/${FQDN}.crt was renewed, the server still serves the old certificate` };
    const done = { status: 'pass', summary: `the server serves the certificate in /srv/tls/${FQDN}/${FQDN}.crt` };
    expect([notYet, done]).toContainEqual({ status: applied?.status, summary: applied?.summary });
    expect(await eventually(serving(caddyRenewed, caddy), 30_000, 500)).toBe(true);
    const results = await renewalCheck(caddy);
    expect(results['renewal.applied']).toMatchObject(done);
    expect(results['renewal.mount']).toBeUndefined();
  });
});
