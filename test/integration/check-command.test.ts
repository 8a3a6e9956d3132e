import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dkimKeyFromZoneText } from '../../src/dms/dkim-key.js';
import { reverseName } from '../../src/dms/dns-ip.js';
import { isWithin } from '../../src/dms/dns-name.js';
import { mtaStsPolicy, planRecords, toZoneSnippet } from '../../src/dms/dns-plan.js';
import { runFullCheck, type FullReport } from '../../src/services/check/run-all.js';
import { gatherServerFacts } from '../../src/services/check/server-facts.js';
import { createNodeResolver } from '../../src/services/dns/resolver.js';
import { IPV4, OPENDKIM_MAIL_TXT } from '../support/dns-fixtures.js';
import { startAuthoritativeDns, type AuthoritativeDns, type TestZone } from '../support/dns-server.js';
import { eventually } from '../support/eventually.js';
import { useTestbed, TEST_DOMAIN } from '../support/testbed.js';
import { runCli } from '../support/run-cli.js';
import { makeCa, makeCertificate } from '../support/tls-certs.js';
import { probeTls } from '../../src/services/tls/probe.js';

/**
 * `mailwiz check` end to end: the server found through the engine (FQDN, domains, DKIM key and TLS key from the
 * container), DNS from Knot on loopback, TLS on the published ports. A zone written from the plan and a certificate
 * from a trusted CA pass everything (exit 0); a missing MTA-STS record is advice (0); a domain without SPF and DMARC, or a
 * CA nobody trusts, fails (2).
 */

const FQDN = `mail.${TEST_DOMAIN}`;
const dkim = dkimKeyFromZoneText(OPENDKIM_MAIL_TXT)!;
// The server's public address in DNS is a documentation one; TLS is probed on the ports published on loopback.
const plan = planRecords({
  domains: [TEST_DOMAIN, 'plain.test'],
  fqdn: FQDN,
  ipv4: IPV4,
  dkim,
  reportAddress: `postmaster@${TEST_DOMAIN}`,
});
const inZone = (origin: string) => plan.filter((r) => isWithin(r.name, origin));
const zones: TestZone[] = [
  { origin: TEST_DOMAIN, records: toZoneSnippet(inZone(TEST_DOMAIN)) },
  // No MTA-STS: the CLI would fetch the policy through the system's resolver (not ours): keep it off the network.
  { origin: 'plain.test', records: toZoneSnippet(inZone('plain.test').filter((r) => !/^_?mta-sts\./.test(r.name))) },
  { origin: 'broken.test', records: `@ MX 10 ${FQDN}.` },
  // The plan leaves the PTR commented out (the hosting provider sets it): here we are the provider.
  { origin: '2.0.192.in-addr.arpa', records: `${reverseName(IPV4)}. PTR ${FQDN}.` },
];

const ca = makeCa();
const cert = makeCertificate({ names: [FQDN], issuer: ca });
const getTestbed = useTestbed({
  accounts: [{ address: `alice@${TEST_DOMAIN}`, password: 'secret123' }],
  env: { SSL_TYPE: 'manual', SSL_CERT_PATH: '/tmp/docker-mailserver/cert.pem', SSL_KEY_PATH: '/tmp/docker-mailserver/key.pem' },
  files: { 'cert.pem': cert.certPem, 'key.pem': cert.keyPem, 'ca.pem': ca.certPem },
});

let dns: AuthoritativeDns;
let caFile: string;

beforeAll(async () => {
  dns = await startAuthoritativeDns(zones, (line) => void process.stderr.write(`[dns] ${line}\n`));
  const testbed = getTestbed();
  caFile = join(testbed.configDir, 'ca.pem');
  for (const domain of [TEST_DOMAIN, 'plain.test']) {
    await mkdir(join(testbed.configDir, 'opendkim', 'keys', domain), { recursive: true });
    await writeFile(join(testbed.configDir, 'opendkim', 'keys', domain, 'mail.txt'), OPENDKIM_MAIL_TXT);
  }
  const smtp = { host: '127.0.0.1', port: testbed.port(25), mode: 'smtp-starttls' as const, servername: FQDN };
  await eventually(async () => (await probeTls(smtp, { timeoutMs: 2000 })).ok, 20_000, 250);
}, 60_000);

afterAll(async () => {
  await dns?.stop();
});

const notPassing = (report: FullReport) =>
  report.groups.flatMap((g) => g.results.filter((r) => r.status !== 'pass').map((r) => `${g.title}: ${r.id} ${r.status}`));

describe('the check service', () => {
  it('learns the FQDN, the domains, the DKIM keys and the TLS key from the server', async () => {
    const facts = await gatherServerFacts(getTestbed().target);
    expect(facts).toMatchObject({ fqdn: FQDN, domains: [TEST_DOMAIN], sslType: 'manual', key: { file: '/tmp/docker-mailserver/key.pem' } });
    expect(Object.keys(facts.dkim).sort()).toEqual(['example.test', 'plain.test']);
    expect(facts.dkim[TEST_DOMAIN]?.publicKeyBase64).toBe(dkim.publicKeyBase64);
  });

  it('passes everything for a zone written from the plan, its MTA-STS policy served (exit 0)', async () => {
    const facts = await gatherServerFacts(getTestbed().target);
    const policy = mtaStsPolicy({ domain: TEST_DOMAIN, mx: [FQDN], mode: 'testing' }).text;
    const report = await runFullCheck(facts, {
      resolver: createNodeResolver({ server: dns.server, timeoutMs: 2000, tries: 1 }),
      dnsbls: [],
      trustedCAs: [ca.certPem],
      fetchPolicy: (url) =>
        url === `https://mta-sts.${TEST_DOMAIN}/.well-known/mta-sts.txt` ? Promise.resolve(policy) : Promise.reject(new Error(url)),
    });
    expect(notPassing(report)).toEqual([]);
    expect(report.groups.map((g) => g.kind)).toEqual(['server', 'domain', 'tls', 'tls', 'tls', 'tls', 'tls', 'tls', 'tls', 'dane', 'renewal']);
    expect(report.groups.filter((g) => g.kind === 'tls').map((g) => g.results.length)).toEqual([6, 6, 6, 6, 6, 6, 6]);
    expect(report.exitStatus).toBe(0);
  });
});

/** The built `mailwiz -c CONTAINER check …`, as a user runs it. */
function runCheck(container: string, args: string[], env: Record<string, string> = {}): ReturnType<typeof runCli> {
  return runCli(['-c', container, 'check', ...args], { env });
}

describe('mailwiz check (the built CLI)', () => {
  const check = (...args: string[]) => runCheck(getTestbed().name, ['--resolver', dns.server, '--no-dnsbl', '--timeout', '3', ...args]);

  it('advises MTA-STS for a domain without it and exits 0 (a correct minimal domain); --strict makes that exit 1', async () => {
    const { stdout, stderr, exitCode } = await check('--ca', caFile, '--domain', 'plain.test');
    expect(stderr).toBe('');
    expect(stdout).toContain(`mailwiz check of ${FQDN} (DNS answers from ${dns.server})\nblock lists asked: none\n`);
    expect(stdout).toMatch(/TLS port 465 \(implicit TLS\) at 127\.0\.0\.1:\d+\n {2}✓ the chain is trusted \(root: CN=mailwiz test CA\)/);
    expect(stdout).toContain('i the MTA-STS record at _mta-sts.plain.test is missing');
    expect(stdout.split('\n').filter((l) => /^ {2}[!✗?] /.test(l))).toEqual([]);
    expect(exitCode).toBe(0);
    expect((await check('--ca', caFile, '--domain', 'plain.test', '--strict')).exitCode).toBe(1);
  });

  it('--host without a container gives the same DNS findings as the container does; --dns-only says it skipped TLS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailwiz-check-plan-'));
    await writeFile(join(dir, 'mail.txt'), OPENDKIM_MAIL_TXT);
    const planned = await runCli(['check', '--resolver', dns.server, '--no-dnsbl', '--dns-only', '--json', '--host', FQDN, '--domain', 'plain.test', '--dkim-record', join(dir, 'mail.txt')]);
    const served = await check('--domain', 'plain.test', '--dns-only', '--json');
    expect(planned.exitCode, planned.stderr).toBe(served.exitCode);
    const findings = (stdout: string) => (JSON.parse(stdout) as FullReport).groups.map((g) => [g.kind, g.results.map((r) => `${r.id} ${r.status} ${r.summary}`)]);
    expect(findings(planned.stdout)).toEqual(findings(served.stdout));
    expect((JSON.parse(planned.stdout) as FullReport).groups.map((g) => g.kind)).toEqual(['server', 'domain']);
    expect(findings(planned.stdout).flat(2)).toContain('dkim.key pass mail._domainkey.plain.test holds the server\'s key');
    const text = await runCli(['check', '--resolver', dns.server, '--no-dnsbl', '--dns-only', '--host', FQDN, '--domain', 'plain.test']);
    expect(text.stdout).toContain('DNS only: TLS on the mail ports, DANE and renewal were not checked (--dns-only)');
    const noDomain = await runCli(['check', '--host', FQDN, '--dns-only']);
    expect(noDomain.exitCode).toBe(2);
    expect(noDomain.stderr).toBe('mailwiz check: without a mail server container, give the domains to check (--domain D)\n');
  });

  it('fails a domain without SPF and DMARC and exits 2; ASCII marks with NO_COLOR', async () => {
    const { stdout, exitCode } = await runCheck(
      getTestbed().name,
      ['--resolver', dns.server, '--no-dnsbl', '--ca', caFile, '--domain', 'broken.test'],
      { NO_COLOR: '1' },
    );
    expect(stdout).toContain('XX the SPF record (v=spf1) of broken.test is missing');
    expect(stdout).not.toMatch(/[✓✗]/);
    expect(exitCode).toBe(2);
  });

  it('fails a certificate from a CA nobody trusts (no --ca) and exits 2, as JSON', async () => {
    const { stdout, exitCode } = await check('--domain', 'plain.test', '--json');
    const report = JSON.parse(stdout) as FullReport;
    const trust = report.groups.filter((g) => g.kind === 'tls').map((g) => g.results.find((r) => r.id === 'tls.trust')?.status);
    expect(trust).toEqual(['fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
    expect(report.exitStatus).toBe(2);
    expect(exitCode).toBe(2);
  });

  it('exits 2 with a message when the server cannot be found or a CA file is no CA file', async () => {
    const missing = await runCheck('no-such-mailserver', ['--resolver', dns.server]);
    expect(missing.stderr).toMatch(/^mailwiz check: .*no-such-mailserver/);
    expect(missing.exitCode).toBe(2);
    const notCa = await runCheck(getTestbed().name, ['--ca', join(getTestbed().configDir, 'key.pem')]);
    expect(notCa).toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/^mailwiz check: --ca .*key\.pem: no PEM certificate in it/),
    });
  });
});
