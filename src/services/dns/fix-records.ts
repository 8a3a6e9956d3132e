import { reverseName } from '../../dms/dns-ip.js';
import { normalName } from '../../dms/dns-name.js';
import { OWN_POSTMASTER, planRecords, toZoneSnippet, type PlannedRecord } from '../../dms/dns-plan.js';
import type { CheckResult } from './check-result.js';
import type { DkimKeys } from '../../dms/dkim-key.js';

/**
 * The record from the DNS plan that would fix a finding, as a zone-file line ready to paste: the MX for an MX rule,
 * the SPF TXT for an SPF rule, and so on. Only findings that do not pass get one, and only when the plan has it.
 */

/** What the checks were asked about (run-checks' target). */
interface FixTarget {
  domains: string[];
  fqdn: string;
  ipv4?: string;
  ipv6?: string;
  dkim?: DkimKeys;
}

type Pick = (record: PlannedRecord, domain: string, fqdn: string) => boolean;

const at = (type: string, name: (domain: string, fqdn: string) => string): Pick => (record, domain, fqdn) =>
  record.type === type && normalName(record.name) === normalName(name(domain, fqdn));

const RULES: readonly [RegExp, Pick][] = [
  [/^mx\./, at('MX', (d) => d)],
  [/^spf\./, (r, d) => r.type === 'TXT' && normalName(r.name) === d && r.value.startsWith('v=spf1')],
  [/^dkim\./, (r, d) => r.type === 'TXT' && normalName(r.name).endsWith(`._domainkey.${d}`)],
  [/^dmarc\./, at('TXT', (d) => `_dmarc.${d}`)],
  [/^mta-sts\.record$/, at('TXT', (d) => `_mta-sts.${d}`)],
  [/^tls-rpt\./, at('TXT', (d) => `_smtp._tls.${d}`)],
  [/^fqdn\.(a|address|cname)$/, at('A', (_d, host) => host)],
  [/^fqdn\.(aaaa|address|cname)$/, at('AAAA', (_d, host) => host)],
  [/^srv\.(.+)$/, (r, d) => r.type === 'SRV' && /^_([^.]+)\._tcp\./.test(r.name) && normalName(r.name).endsWith(`._tcp.${d}`)],
  [/^(autoconfig|autodiscover)\.target$/, (r, d) => r.type === 'CNAME' && (normalName(r.name) === `autoconfig.${d}` || normalName(r.name) === `autodiscover.${d}`)],
];

function lines(records: readonly PlannedRecord[]): string {
  return toZoneSnippet(records)
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('; required') && !l.startsWith('; recommended') && !l.startsWith('; optional'))
    .join('\n');
}

/** The plan's records for a finding, or none; `domain` is undefined for the server's own rules. */
function fixFor(result: CheckResult, plan: readonly PlannedRecord[], target: FixTarget, domain: string | undefined): string | undefined {
  if (result.status === 'pass' || result.status === 'unknown') return undefined;
  if (result.id.startsWith('ptr.')) {
    const ip = result.id === 'ptr.ipv6' ? target.ipv6 : target.ipv4;
    const ptr = ip ? plan.filter((r) => r.type === 'PTR' && r.name === reverseName(ip)) : [];
    return ptr.length ? `${lines(ptr)}   (at your hosting provider)` : undefined;
  }
  const rule = RULES.find(([pattern]) => pattern.test(result.id));
  if (!rule) return undefined;
  let picked = plan.filter((r) => rule[1](r, domain ?? '', normalName(target.fqdn)));
  if (result.id.startsWith('srv.')) picked = picked.filter((r) => r.name.startsWith(`_${result.id.slice(4)}._tcp.`));
  if (result.id.endsWith('.target') && !result.id.startsWith('mx.')) picked = picked.filter((r) => r.name.startsWith(result.id.split('.')[0] ?? ''));
  return picked.length ? lines(picked) : undefined;
}

export function withFixes(
  report: { host: CheckResult[]; domains: { domain: string; results: CheckResult[] }[] },
  target: FixTarget,
): { host: CheckResult[]; domains: { domain: string; results: CheckResult[] }[] } {
  let plan: PlannedRecord[];
  try {
    plan = planRecords({ domains: target.domains, fqdn: target.fqdn, ipv4: target.ipv4, ipv6: target.ipv6, dkim: target.dkim, reportAddress: OWN_POSTMASTER });
  } catch {
    return report;
  }
  const attach = (result: CheckResult, domain: string | undefined): CheckResult => {
    const fix = fixFor(result, plan, target, domain);
    return fix ? { ...result, fix } : result;
  };
  return {
    host: report.host.map((r) => attach(r, undefined)),
    domains: report.domains.map(({ domain, results }) => ({ domain, results: results.map((r) => attach(r, domain)) })),
  };
}
