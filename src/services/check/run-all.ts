import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { exitStatus, type CheckResult, type ExitStatus } from '../dns/check-result.js';
import type { Dnsbl } from '../dns/checks/dnsbl.js';
import type { FetchPolicy } from '../dns/checks/mta-sts.js';
import { withCache, type DnsResolver } from '../dns/resolver.js';
import { runChecks } from '../dns/run-checks.js';
import { checkTls, describeEndpoint, type TlsCheckOptions } from '../tls/checks.js';
import { probeTls, type TlsProbe } from '../tls/probe.js';
import { checkRenewal } from '../tls/renewal.js';
import { tlsEndpoints } from './endpoints.js';
import type { ServerFacts } from './server-facts.js';

/** Every check of `mailwiz check`: DNS for the server and each domain, TLS on each mail port, renewal; one exit status. */

export interface FullCheckOptions {
  resolver: DnsResolver;
  /** Block lists to ask (the DNS checks' defaults when absent; none with `--no-dnsbl`). */
  dnsbls?: readonly Dnsbl[];
  fetchPolicy?: FetchPolicy;
  /** PEM CAs to trust besides the system's roots. */
  trustedCAs?: string[];
  /** The server's public addresses; looked up (A/AAAA of the FQDN) when absent. */
  ips?: string[];
  /** For each TLS probe. */
  timeoutMs?: number;
  /** DNS checks at once. */
  concurrency?: number;
  now?: Date;
}

export type GroupKind = 'server' | 'domain' | 'tls' | 'renewal';

export interface CheckGroup {
  kind: GroupKind;
  title: string;
  results: CheckResult[];
}

export interface FullReport {
  fqdn: string;
  resolver: string;
  groups: CheckGroup[];
  exitStatus: ExitStatus;
}

const DNS_CONCURRENCY = 8;

export async function runFullCheck(facts: ServerFacts, options: FullCheckOptions): Promise<FullReport> {
  const now = options.now ?? new Date();
  const resolver = withCache(options.resolver);
  const { ipv4, ipv6 } = await serverAddresses(facts.fqdn, options.ips, resolver);
  const endpoints = tlsEndpoints(facts.ports, facts.fqdn, ipv4 ?? ipv6 ?? facts.fqdn);
  const target = { domains: facts.domains, fqdn: facts.fqdn, dkim: facts.dkim, ...(ipv4 ? { ipv4 } : {}), ...(ipv6 ? { ipv6 } : {}) };
  const [dns, probes] = await Promise.all([
    runChecks(target, {
      resolver,
      concurrency: options.concurrency ?? DNS_CONCURRENCY,
      ...(options.dnsbls ? { dnsbls: options.dnsbls } : {}),
      ...(options.fetchPolicy ? { fetchPolicy: options.fetchPolicy } : {}),
    }),
    Promise.all(endpoints.map((endpoint) => probeTls(endpoint, { timeoutMs: options.timeoutMs ?? 10_000 }))),
  ]);
  const tlsOptions: TlsCheckOptions = {
    fqdn: facts.fqdn,
    now,
    trustedCAs: options.trustedCAs ?? [],
    ...(facts.key ? { key: facts.key } : {}),
  };
  const groups: CheckGroup[] = [
    { kind: 'server', title: `server ${facts.fqdn}`, results: dns.host },
    ...dns.domains.map(({ domain, results }): CheckGroup => ({ kind: 'domain', title: `domain ${domain}`, results })),
    ...probes.map((probe): CheckGroup => ({
      kind: 'tls',
      title: `TLS ${describeEndpoint(probe.endpoint)}`,
      results: checkTls(probe, tlsOptions),
    })),
  ];
  const renewal = checkRenewal({ sslType: facts.sslType, fqdn: facts.fqdn, served: servedLeaf(probes), ...facts.renewal, now });
  if (renewal.length > 0) groups.push({ kind: 'renewal', title: `certificate renewal (SSL_TYPE=${facts.sslType})`, results: renewal });
  return { fqdn: facts.fqdn, resolver: options.resolver.label, groups, exitStatus: exitStatus(groups.flatMap((g) => g.results)) };
}

/** The given addresses, else the first A and AAAA of the FQDN. */
async function serverAddresses(fqdn: string, ips: string[] | undefined, resolver: DnsResolver): Promise<{ ipv4?: string; ipv6?: string }> {
  if (ips?.length) return { ipv4: ips.find((ip) => isIP(ip) === 4), ipv6: ips.find((ip) => isIP(ip) === 6) };
  const [a, aaaa] = await Promise.all([resolver.resolve4(fqdn), resolver.resolve6(fqdn)]);
  return { ipv4: a.kind === 'records' ? a.records[0] : undefined, ipv6: aaaa.kind === 'records' ? aaaa.records[0] : undefined };
}

function servedLeaf(probes: readonly TlsProbe[]): X509Certificate | undefined {
  for (const probe of probes) if (probe.ok && probe.chain[0]) return new X509Certificate(probe.chain[0]);
  return undefined;
}
