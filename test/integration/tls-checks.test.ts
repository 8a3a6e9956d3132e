import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/services/dns/check-result.js';
import { obtainCertificate, type ObtainedCertificate } from '../../src/services/tls/acme.js';
import { checkTls } from '../../src/services/tls/checks.js';
import { configuredCertificate } from '../../src/services/tls/configured-certificate.js';
import { probeTls, type TlsEndpoint, type TlsMode } from '../../src/services/tls/probe.js';
import { byId } from '../support/dns-fixtures.js';
import { startAuthoritativeDns, type AuthoritativeDns } from '../support/dns-server.js';
import { eventually } from '../support/eventually.js';
import { freeTcpPort, startPebble, type Pebble } from '../support/pebble.js';
import { startTestbed, TEST_DOMAIN, type Testbed } from '../support/testbed.js';
import { daysFromNow, makeCa, makeCertificate, type TestCertificate } from '../support/tls-certs.js';

/**
 * TLS checks against what a real testbed serves on its published ports: a certificate obtained from a real ACME server
 * (pebble, validating http-01 through Knot on loopback) passes every rule; a self-signed one is untrusted; an expired
 * one and one for another name fail, while the rest of their checks pass. Certificates are swapped as an admin renews
 * them: new files in the config volume, picked up by the changedetector.
 */

const FQDN = `mail.${TEST_DOMAIN}`;
const CERT = 'fullchain.pem';
const KEY = 'privkey.pem';
const PORTS: readonly [number, TlsMode][] = [
  [25, 'smtp-starttls'],
  [465, 'implicit'],
  [587, 'smtp-starttls'],
  [993, 'implicit'],
];
const log = (line: string): void => void process.stderr.write(`[tls] ${line}\n`);

let dns: AuthoritativeDns;
let pebble: Pebble;
let letsencryptDir: string;
let obtained: ObtainedCertificate;
let pebbleRoot: string;
let testbed: Testbed;
const testCa = makeCa();

function endpoint(port: number, mode: TlsMode): TlsEndpoint {
  return { host: '127.0.0.1', port: testbed.port(port), mode, servername: FQDN, servicePort: port };
}

/** Every port's results, keyed by port then rule. */
async function checkAllPorts(options: { trustedCAs: string[]; key: string }): Promise<Record<number, Record<string, CheckResult>>> {
  const probes = await Promise.all(PORTS.map(([port, mode]) => probeTls(endpoint(port, mode), { timeoutMs: 5000 })));
  const results = probes.map((probe) =>
    checkTls(probe, { fqdn: FQDN, now: new Date(), trustedCAs: options.trustedCAs, key: { pem: options.key, file: KEY } }),
  );
  return Object.fromEntries(PORTS.map(([port], i) => [port, byId(results[i] ?? [])]));
}

/** The leaf served on a port, or undefined while the port does not answer with TLS. */
async function servedFingerprint(port: number, mode: TlsMode): Promise<string | undefined> {
  const probe = await probeTls(endpoint(port, mode), { timeoutMs: 3000 });
  return probe.ok && probe.chain[0] ? new X509Certificate(probe.chain[0]).fingerprint256 : undefined;
}

/** Installs a certificate as an admin would, and waits until Postfix (465) and Dovecot (993) serve it. */
async function serve(cert: TestCertificate): Promise<void> {
  await writeFile(join(testbed.configDir, KEY), cert.keyPem);
  await writeFile(join(testbed.configDir, CERT), cert.certPem);
  const live = await eventually(
    async () =>
      (await servedFingerprint(465, 'implicit')) === cert.cert.fingerprint256 &&
      (await servedFingerprint(993, 'implicit')) === cert.cert.fingerprint256,
    30_000,
    500,
  );
  if (!live) throw new Error('the testbed did not pick up the new certificate within 30 s');
}

beforeAll(async () => {
  dns = await startAuthoritativeDns([{ origin: TEST_DOMAIN, records: 'mail A 127.0.0.1' }], log);
  pebble = await startPebble(dns.server, log);
  letsencryptDir = await mkdtemp(join(tmpdir(), 'mailwiz-letsencrypt-'));
  obtained = await obtainCertificate({
    names: [FQDN],
    letsencryptDir,
    directoryUrl: pebble.directoryUrl,
    directoryCa: pebble.listenerCa,
    http01: { port: pebble.challengePort, host: '127.0.0.1' },
    email: `postmaster@${TEST_DOMAIN}`,
    log,
  });
  pebbleRoot = await pebble.issuingRoot();
  testbed = await startTestbed({
    accounts: [{ address: `alice@${TEST_DOMAIN}`, password: 'secret123' }],
    env: { SSL_TYPE: 'manual', SSL_CERT_PATH: `/tmp/docker-mailserver/${CERT}`, SSL_KEY_PATH: `/tmp/docker-mailserver/${KEY}` },
    files: { [CERT]: obtained.fullchainPem, [KEY]: await readFile(obtained.privkey, 'utf8') },
  });
  // Postfix may still be starting when the readiness line is logged.
  await eventually(async () => (await servedFingerprint(25, 'smtp-starttls')) !== undefined, 20_000, 250);
}, 150_000);

afterAll(async () => {
  await testbed?.remove();
  await pebble?.stop();
  await dns?.stop();
  if (letsencryptDir) await rm(letsencryptDir, { recursive: true, force: true });
});

describe('a certificate from a real ACME server (pebble)', () => {
  it('is written where DMS looks for it, the key readable by its owner only', async () => {
    expect(obtained.fullchain).toBe(join(letsencryptDir, 'live', FQDN, 'fullchain.pem'));
    expect((await stat(obtained.privkey)).mode & 0o777).toBe(0o600);
    const chain = obtained.fullchainPem.match(/BEGIN CERTIFICATE/g) ?? [];
    expect(chain.length).toBeGreaterThanOrEqual(2);
    expect(new X509Certificate(obtained.fullchainPem).checkHost(FQDN)).toBe(FQDN);
  });

  it('explains an http-01 challenge the ACME server could not validate', async () => {
    const elsewhere = await freeTcpPort();
    const failing = obtainCertificate({
      names: [FQDN],
      letsencryptDir,
      directoryUrl: pebble.directoryUrl,
      directoryCa: pebble.listenerCa,
      http01: { port: elsewhere, host: '127.0.0.1' },
    });
    await expect(failing).rejects.toThrow(/^ACME: the authorization of mail\.example\.test is invalid: .*connection refused/);
  });

  it('is what Postfix is configured with: names, issuer and expiry read inside the server', async () => {
    const leaf = new X509Certificate(obtained.fullchainPem);
    expect(await configuredCertificate(testbed.target)).toEqual({
      names: [FQDN],
      issuer: leaf.issuer.replace(/\n/g, ', '),
      notAfter: new Date(leaf.validTo),
      daysLeft: Math.floor((Date.parse(leaf.validTo) - Date.now()) / 86_400_000),
      status: 'pass',
    });
  });

  it('passes every rule on 25, 465, 587 and 993 with pebble’s root as extra trust', async () => {
    const byPort = await checkAllPorts({ trustedCAs: [pebbleRoot], key: await readFile(obtained.privkey, 'utf8') });
    for (const [port] of PORTS) {
      const results = Object.values(byPort[port] ?? {});
      expect(results.map((r) => r.id).sort(), `port ${port}`).toEqual(['tls.expiry', 'tls.key', 'tls.name', 'tls.protocol', 'tls.trust']);
      expect(
        results.filter((r) => r.status !== 'pass'),
        `port ${port}`,
      ).toEqual([]);
    }
    expect(byPort[465]?.['tls.trust']?.summary).toContain('Pebble Root CA');
  });

  it('is not trusted without pebble’s root: the system roots do not know it', async () => {
    const byPort = await checkAllPorts({ trustedCAs: [], key: await readFile(obtained.privkey, 'utf8') });
    expect(byPort[587]?.['tls.trust']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('is neither sent by the server nor a trusted root'),
    });
  });
});

describe('certificates that break the rules', () => {
  it('a self-signed certificate is untrusted on every port', async () => {
    const selfSigned = makeCertificate({ names: [FQDN] });
    await serve(selfSigned);
    const byPort = await checkAllPorts({ trustedCAs: [pebbleRoot], key: selfSigned.keyPem });
    for (const [port] of PORTS) {
      expect(byPort[port]?.['tls.trust'], `port ${port}`).toMatchObject({
        status: 'fail',
        summary: expect.stringContaining('self-signed'),
      });
      expect(byPort[port]?.['tls.name']?.status, `port ${port}`).toBe('pass');
    }
  });

  it('an expired certificate fails the expiry rule, and only that one', async () => {
    const expired = makeCertificate({ names: [FQDN], issuer: testCa, notBefore: daysFromNow(-120), notAfter: daysFromNow(-30) });
    await serve(expired);
    const byPort = await checkAllPorts({ trustedCAs: [testCa.certPem], key: expired.keyPem });
    for (const [port] of PORTS) {
      const results = byPort[port] ?? {};
      expect(results['tls.expiry'], `port ${port}`).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/expired on .* \(30 days ago\)/),
      });
      expect(
        Object.values(results)
          .filter((r) => r.status !== 'pass')
          .map((r) => r.id),
        `port ${port}`,
      ).toEqual(['tls.expiry']);
    }
    // The Health screen's summary reads the same certificate from Postfix's configuration inside the server.
    const configured = await configuredCertificate(testbed.target);
    expect(configured).toMatchObject({ names: [FQDN], notAfter: new Date(expired.cert.validTo), status: 'fail' });
    expect(configured?.daysLeft).toBeLessThanOrEqual(-30);
  });

  it('a certificate for another name fails the name rule; the old key no longer matches', async () => {
    const before = makeCertificate({ names: [FQDN], issuer: testCa });
    const wrongName = makeCertificate({ names: ['www.example.org', '*.example.org'], issuer: testCa });
    await serve(wrongName);
    const byPort = await checkAllPorts({ trustedCAs: [testCa.certPem], key: before.keyPem });
    for (const [port] of PORTS) {
      const results = byPort[port] ?? {};
      expect(results['tls.name'], `port ${port}`).toMatchObject({ status: 'fail', summary: `the certificate is not for ${FQDN}` });
      expect(results['tls.name']?.detail).toContain('DNS:www.example.org, DNS:*.example.org');
      expect(results['tls.key']?.status, `port ${port}`).toBe('fail');
      expect(results['tls.trust']?.status, `port ${port}`).toBe('pass');
    }
  });
});
