import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dkimKeyFromZoneText } from '../../src/dms/dkim-key.js';
import { reverseName } from '../../src/dms/dns-ip.js';
import { isWithin } from '../../src/dms/dns-name.js';
import { mtaStsPolicy, planRecords, toZoneSnippet } from '../../src/dms/dns-plan.js';
import { runFullCheck, type FullReport } from '../../src/services/check/run-all.js';
import { gatherServerFacts } from '../../src/services/check/server-facts.js';
import { runChecks } from '../../src/services/dns/run-checks.js';
import { createNodeResolver, type DnsResolver, type ResolverMethod } from '../../src/services/dns/resolver.js';
import { tlsEndpoints } from '../../src/services/check/endpoints.js';
import { probeTls } from '../../src/services/tls/probe.js';
import { probeEndpoint } from '../../src/services/tls/probe-endpoint.js';
import { IPV4, OPENDKIM_MAIL_TXT } from '../support/dns-fixtures.js';
import { startAuthoritativeDns, type TestZone } from '../support/dns-server.js';
import { eventually } from '../support/eventually.js';
import { startTestbedContainer, TEST_DOMAIN } from '../support/testbed-container.js';
import { makeCa, makeCertificate } from '../support/tls-certs.js';
import { median, report } from './measure.js';

/**
 * `mailwiz check` (the service behind it: facts from the container, every DNS rule against Knot on loopback, TLS on the
 * published ports) for 1, 10 and 50 domains, each part on its own, and the DNS checks of 50 domains at several bounds.
 */

const FQDN = `mail.${TEST_DOMAIN}`;
const SIZES = [1, 10, 50];
const BOUNDS = [1, 4, 8, 16];
const RUNS = 7;
const domainsOf = (count: number): string[] => Array.from({ length: count }, (_, i) => `bench${i + 1}.test`);

/** The resolver, counting the queries that reach it. */
function counting(inner: DnsResolver): { resolver: DnsResolver; queries: () => number } {
  let count = 0;
  const resolver = { ...inner };
  for (const method of ['resolveMx', 'resolveTxt', 'resolve4', 'resolve6', 'resolveCname', 'reverse', 'resolveSrv', 'resolveTlsa', 'dnssec'] as ResolverMethod[]) {
    const original = inner[method] as (name: string) => Promise<unknown>;
    (resolver as Record<ResolverMethod, unknown>)[method] = (name: string) => {
      count += 1;
      return original(name);
    };
  }
  return { resolver, queries: () => count };
}

export async function checkBench(image: string): Promise<void> {
  const all = domainsOf(Math.max(...SIZES));
  const dkim = dkimKeyFromZoneText(OPENDKIM_MAIL_TXT)!;
  const plan = planRecords({ domains: [TEST_DOMAIN, ...all], fqdn: FQDN, ipv4: IPV4, dkim, reportAddress: `postmaster@${TEST_DOMAIN}` });
  const zones: TestZone[] = [TEST_DOMAIN, ...all].map((origin) => ({
    origin,
    records: toZoneSnippet(plan.filter((r) => isWithin(r.name, origin))),
  }));
  zones.push({ origin: '2.0.192.in-addr.arpa', records: `${reverseName(IPV4)}. PTR ${FQDN}.` });
  const policies = new Map(
    all.map((d) => [`https://mta-sts.${d}/.well-known/mta-sts.txt`, mtaStsPolicy({ domain: d, mx: [FQDN], mode: 'testing' }).text]),
  );
  const fetchPolicy = async (url: string): Promise<string> => {
    const policy = policies.get(url);
    if (policy === undefined) throw new Error(`no policy at ${url}`);
    return policy;
  };

  const ca = makeCa();
  const cert = makeCertificate({ names: [FQDN], issuer: ca });
  const dns = await startAuthoritativeDns(zones);
  const testbed = await startTestbedContainer(image, {
    accounts: [{ address: `alice@${TEST_DOMAIN}`, password: 'bench' }],
    env: { SSL_TYPE: 'manual', SSL_CERT_PATH: '/tmp/docker-mailserver/cert.pem', SSL_KEY_PATH: '/tmp/docker-mailserver/key.pem' },
    files: { 'cert.pem': cert.certPem, 'key.pem': cert.keyPem },
  });
  try {
    for (const domain of all) {
      await mkdir(join(testbed.configDir, 'opendkim/keys', domain), { recursive: true });
      await writeFile(join(testbed.configDir, 'opendkim/keys', domain, 'mail.txt'), OPENDKIM_MAIL_TXT);
    }
    const smtp = { host: '127.0.0.1', port: testbed.port(25), mode: 'smtp-starttls' as const, servername: FQDN };
    await eventually(async () => (await probeTls(smtp, { timeoutMs: 2000 })).ok, 20_000, 250);

    const resolver = () => counting(createNodeResolver({ server: dns.server, timeoutMs: 2000, tries: 1 }));
    const facts = (count: number) => gatherServerFacts(testbed.target, { domains: domainsOf(count) });
    const fullCheck = async (count: number): Promise<{ report: FullReport; queries: number }> => {
      const counted = resolver();
      const result = await runFullCheck(await facts(count), {
        resolver: counted.resolver,
        fetchPolicy,
        dnsbls: [],
        trustedCAs: [ca.certPem],
      });
      return { report: result, queries: counted.queries() };
    };
    const dnsAlone = (domains: string[], concurrency = 8) =>
      runChecks({ domains, fqdn: FQDN, ipv4: IPV4, dkim }, { resolver: resolver().resolver, fetchPolicy, dnsbls: [], concurrency });
    const endpoints = tlsEndpoints((await testbed.target.info()).ports, FQDN);
    const tlsAlone = () => Promise.all(endpoints.map((endpoint) => probeEndpoint(endpoint)));

    const rows: (string | number)[][] = [];
    for (const count of SIZES) {
      const { report: checked, queries } = await fullCheck(count);
      if (checked.exitStatus !== 0) throw new Error(`the check of ${count} domains did not pass: exit ${checked.exitStatus}`);
      const checks = checked.groups.flatMap((g) => g.results).length;
      const total = await median(RUNS, () => fullCheck(count));
      const parts = [
        await median(RUNS, () => facts(count)),
        await median(RUNS, () => dnsAlone(domainsOf(count))),
        await median(RUNS, tlsAlone),
      ];
      rows.push([count, checks, queries, total, ...parts]);
    }
    report(`mailwiz check, one process (median of ${RUNS}); the parts run partly at once`, rows, [
      'domains',
      'checks',
      'DNS queries',
      'total ms',
      'facts from the container ms',
      'DNS checks (Knot, 8 at once) ms',
      `TLS on ${endpoints.length} ports (with the TLS 1.0/1.1 attempts) ms`,
    ]);

    const bounded: (string | number)[][] = [];
    for (const bound of BOUNDS) bounded.push([bound, await median(RUNS, () => dnsAlone(all, bound))]);
    report(`the DNS checks of ${all.length} domains by how many run at once (median of ${RUNS})`, bounded, ['at once', 'ms']);
  } finally {
    await testbed.remove();
    await dns.stop();
  }
}
