import { DEFAULT_DNSBLS } from '../dns/checks/dnsbl.js';
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { exitStatus, reporter, type CheckResult, type ExitStatus } from '../dns/check-result.js';
import { daneResults, lookUpDane, type ServedChain } from '../dns/checks/dane.js';
import type { Dnsbl } from '../dns/checks/dnsbl.js';
import type { FetchPolicy } from '../dns/checks/mta-sts.js';
import { withCache, type DnsResolver } from '../dns/resolver.js';
import { runChecks } from '../dns/run-checks.js';
import { describeEndpoint, type TlsCheckOptions } from '../tls/checks.js';
import { checkEndpoint, probeEndpoint, type TlsProbe } from '../tls/probe-endpoint.js';
import { checkRenewal } from '../tls/renewal.js';
import { tlsEndpoints } from './endpoints.js';
import type { ServerFacts } from './server-facts.js';

/**
 * Every check of `mailwiz check`: DNS for the server and each domain, TLS on each mail port, DANE (TLSA against the
 * certificate port 25 serves), renewal; one exit status.
 */

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
  /** Advice counts as a warning in the exit status. */
  strict?: boolean;
  /** Only the DNS rules: no TLS probe, no DANE match, no renewal. */
  dnsOnly?: boolean;
}

export type GroupKind = 'server' | 'domain' | 'tls' | 'dane' | 'renewal';

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
  /** The block lists that were asked. */
  dnsbls: string[];
  /** The TLS probes were skipped (--dns-only). */
  dnsOnly: boolean;
}

const DNS_CONCURRENCY = 8;

export async function runFullCheck(facts: ServerFacts, options: FullCheckOptions): Promise<FullReport> {
  const now = options.now ?? new Date();
  const resolver = withCache(options.resolver);
  const { ipv4, ipv6 } = await serverAddresses(facts.fqdn, options.ips, resolver);
  const endpoints = tlsEndpoints(facts.ports, facts.fqdn, ipv4 ?? ipv6 ?? facts.fqdn);
  const target = { domains: facts.domains, fqdn: facts.fqdn, dkim: facts.dkim, ...(ipv4 ? { ipv4 } : {}), ...(ipv6 ? { ipv6 } : {}) };
  const [dns, probes, dane] = await Promise.all([
    runChecks(target, {
      resolver,
      concurrency: options.concurrency ?? DNS_CONCURRENCY,
      ...(options.dnsbls ? { dnsbls: options.dnsbls } : {}),
      ...(options.fetchPolicy ? { fetchPolicy: options.fetchPolicy } : {}),
    }),
    options.dnsOnly ? Promise.resolve([]) : Promise.all(endpoints.map((endpoint) => probeEndpoint(endpoint, { timeoutMs: options.timeoutMs ?? 10_000 }))),
    options.dnsOnly ? undefined : lookUpDane(resolver, facts.fqdn),
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
      results: checkEndpoint(probe, tlsOptions),
    })),
    ...(dane ? [{ kind: 'dane' as const, title: `DANE for ${facts.fqdn} (port 25)`, results: daneResults(reporter(resolver), dane, smtpChain(probes)) }] : []),
  ];
  const renewal = options.dnsOnly ? [] : checkRenewal({ sslType: facts.sslType, fqdn: facts.fqdn, served: servedLeaf(probes), ...facts.renewal, now });
  if (renewal.length > 0) groups.push({ kind: 'renewal', title: `certificate renewal (SSL_TYPE=${facts.sslType})`, results: renewal });
  return {
    fqdn: facts.fqdn,
    resolver: options.resolver.label,
    groups,
    exitStatus: exitStatus(groups.flatMap((g) => g.results), { strict: options.strict }),
    dnsbls: (options.dnsbls ?? DEFAULT_DNSBLS).map((list) => list.zone),
    dnsOnly: options.dnsOnly === true,
  };
}

/** The given addresses, else the first A and AAAA of the FQDN. */
async function serverAddresses(fqdn: string, ips: string[] | undefined, resolver: DnsResolver): Promise<{ ipv4?: string; ipv6?: string }> {
  if (ips?.length) return { ipv4: ips.find((ip) => isIP(ip) === 4), ipv6: ips.find((ip) => isIP(ip) === 6) };
  const [a, aaaa] = await Promise.all([resolver.resolve4(fqdn), resolver.resolve6(fqdn)]);
  return { ipv4: a.kind === 'records' ? a.records[0] : undefined, ipv6: aaaa.kind === 'records' ? aaaa.records[0] : undefined };
}

/** The chain served on port 25, which TLSA records at `_25._tcp` describe. */
function smtpChain(probes: readonly TlsProbe[]): ServedChain {
  const probe = probes.find((p) => (p.endpoint.servicePort ?? p.endpoint.port) === 25);
  if (!probe) return { error: 'port 25 is not published, so its certificate was not fetched' };
  return probe.ok ? { chain: probe.chain } : { error: `port 25 (${probe.stage}): ${probe.error}` };
}

function servedLeaf(probes: readonly TlsProbe[]): X509Certificate | undefined {
  for (const probe of probes) if (probe.ok && probe.chain[0]) return new X509Certificate(probe.chain[0]);
  return undefined;
}
