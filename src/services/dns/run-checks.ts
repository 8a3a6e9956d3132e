import { withFixes } from './fix-records.js';
import { dkimKeyFor, type DkimKeys } from '../../dms/dkim-key.js';
import { normalName } from '../../dms/dns-name.js';
import { CLIENT_SERVICES, clientRecords } from '../../dms/dns-client-records.js';
import { exitStatus, type CheckResult, type ExitStatus } from './check-result.js';
import { checkClientHost, checkSrv } from './checks/client-setup.js';
import { checkDkim } from './checks/dkim.js';
import { checkDmarc } from './checks/dmarc.js';
import { checkDnsbl, DEFAULT_DNSBLS, type Dnsbl } from './checks/dnsbl.js';
import { checkDnssec } from './checks/dnssec.js';
import { checkMtaSts, type FetchPolicy } from './checks/mta-sts.js';
import { checkMailHost, checkMx } from './checks/mx.js';
import { checkPtr } from './checks/ptr.js';
import { checkSpf } from './checks/spf.js';
import { checkTlsRpt } from './checks/tls-rpt.js';
import { httpsPolicyFetcher } from './policy-fetch.js';
import { withCache, type DnsResolver } from './resolver.js';

/** Every DNS rule for a server and its domains, run with bounded concurrency, and the exit status they add up to. */

export interface DnsCheckTarget {
  domains: string[];
  fqdn: string;
  ipv4?: string;
  ipv6?: string;
  /** The server's DKIM keys; a domain without one is checked at `dkimSelector` without comparing keys. */
  dkim?: DkimKeys;
  /** DMS's default selector. */
  dkimSelector?: string;
}

export interface DnsCheckOptions {
  resolver: DnsResolver;
  /** How MTA-STS policies are fetched; over HTTPS when absent. */
  fetchPolicy?: FetchPolicy;
  /** How many checks run at once (each makes a few queries). */
  concurrency?: number;
  /** Block lists to ask; an empty list skips DNSBL checks. */
  dnsbls?: readonly Dnsbl[];
}

export interface DnsCheckReport {
  /** Rules about the server itself: its FQDN, PTRs, IPs on block lists. */
  host: CheckResult[];
  domains: { domain: string; results: CheckResult[] }[];
  exitStatus: ExitStatus;
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_SELECTOR = 'mail';

type Job = () => Promise<CheckResult[]>;

export async function runChecks(target: DnsCheckTarget, options: DnsCheckOptions): Promise<DnsCheckReport> {
  const resolver = withCache(options.resolver);
  const lists = options.dnsbls ?? DEFAULT_DNSBLS;
  const fetchPolicy = options.fetchPolicy ?? httpsPolicyFetcher();
  const ips = [target.ipv4, target.ipv6].filter((ip): ip is string => ip !== undefined);
  const hostJobs: Job[] = [
    () => checkMailHost(resolver, target.fqdn, target),
    () => checkPtr(resolver, target.fqdn, ips),
    ...ips.map(
      (ip): Job =>
        () =>
          checkDnsbl(resolver, { ip }, lists),
    ),
  ];
  const domains = target.domains.map(normalName);
  const domainJobs = domains.map((domain): Job[] => {
    const key = dkimKeyFor(target.dkim, domain) ?? { selector: target.dkimSelector ?? DEFAULT_SELECTOR };
    const client = clientRecords(domain, target.fqdn);
    const planned = (name: string) => client.find((r) => r.name === name)?.importance;
    return [
      () => checkMx(resolver, domain, target.fqdn, target),
      () => checkSpf(resolver, domain, target.fqdn, ips),
      () => checkDkim(resolver, domain, key),
      () => checkDmarc(resolver, domain),
      () => checkMtaSts(resolver, domain, fetchPolicy),
      () => checkTlsRpt(resolver, domain),
      () => checkDnsbl(resolver, { domain }, lists),
      () => checkDnssec(resolver, domain),
      ...CLIENT_SERVICES.map(
        (service): Job =>
          () =>
            checkSrv(resolver, domain, target.fqdn, service, planned(`_${service.service}._tcp.${domain}`)),
      ),
      ...client.filter((r) => r.type === 'CNAME').map((record): Job => () => checkClientHost(resolver, record, target.fqdn, target)),
    ];
  });
  const done = await mapBounded([...hostJobs, ...domainJobs.flat()], options.concurrency ?? DEFAULT_CONCURRENCY, (job) => job());
  const host = done.slice(0, hostJobs.length).flat();
  let next = hostJobs.length;
  const perDomain = domains.map((domain, i) => {
    const count = domainJobs[i]?.length ?? 0;
    const results = done.slice(next, next + count).flat();
    next += count;
    return { domain, results };
  });
  const fixed = withFixes({ host, domains: perDomain }, target);
  return { ...fixed, exitStatus: exitStatus([...fixed.host, ...fixed.domains.flatMap((d) => d.results)]) };
}

/** `fn` over the items with at most `limit` running at once; results in the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let cursor = 0;
  const worker = async (): Promise<void> => {
    while (cursor < items.length) {
      const index = cursor;
      cursor += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
