import { sameIp } from '../../../dms/dns-ip.js';
import { normalName, sameName } from '../../../dms/dns-name.js';
import { reporter, type CheckResult, type Report } from '../check-result.js';
import { unknownReason, type Answer, type DnsResolver, type MxRecord } from '../resolver.js';

/** MX rules: the domain has an MX, it points to the server's FQDN, and that name has its own A/AAAA (no CNAME). */

export async function checkMx(resolver: DnsResolver, domain: string, fqdn: string): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const answer = await resolver.resolveMx(domain);
  const advice = `publish: ${normalName(domain)}. MX 10 ${normalName(fqdn)}.`;
  if (answer.kind === 'unknown') return [report('mx.present', 'unknown', `could not look up the MX of ${domain}`, unknownReason(answer))];
  if (answer.kind === 'void') return [report('mx.present', 'fail', `${domain} has no MX record`, advice)];
  const records = [...answer.records].sort((a, b) => a.priority - b.priority);
  if (records.some((r) => normalName(r.exchange) === '')) {
    return [report('mx.present', 'fail', `${domain} publishes a null MX: it declares that it accepts no mail (RFC 7505)`, advice)];
  }
  return [report('mx.present', 'pass', `${domain} has MX ${describeMx(records)}`), targetResult(report, domain, fqdn, records)];
}

function describeMx(records: readonly MxRecord[]): string {
  return records.map((r) => `${r.priority} ${normalName(r.exchange)}`).join(', ');
}

function targetResult(report: Report, domain: string, fqdn: string, records: readonly MxRecord[]): CheckResult {
  const ours = records.filter((r) => sameName(r.exchange, fqdn));
  if (ours.length === 0) {
    return report(
      'mx.target',
      'fail',
      `the MX of ${domain} points to ${describeMx(records)}, not to ${normalName(fqdn)}`,
      'mail for the domain goes elsewhere',
    );
  }
  const best = records[0]?.priority ?? 0;
  if ((ours[0]?.priority ?? 0) > best) {
    return report(
      'mx.target',
      'warn',
      `${normalName(fqdn)} is not the preferred MX of ${domain}`,
      `senders try ${describeMx(records)} in that order`,
    );
  }
  return report('mx.target', 'pass', `the MX of ${domain} points to ${normalName(fqdn)}`);
}

/** The FQDN is not a CNAME and has the server's addresses (when they are known), or at least one address. */
export async function checkMailHost(resolver: DnsResolver, fqdn: string, ips: { ipv4?: string; ipv6?: string }): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const [cname, a, aaaa] = await Promise.all([resolver.resolveCname(fqdn), resolver.resolve4(fqdn), resolver.resolve6(fqdn)]);
  const results = [cnameResult(report, fqdn, cname)];
  results.push(...addressResult(report, fqdn, 'A', a, ips.ipv4), ...addressResult(report, fqdn, 'AAAA', aaaa, ips.ipv6));
  if (ips.ipv4 === undefined && ips.ipv6 === undefined && a.kind === 'void' && aaaa.kind === 'void') {
    results.push(
      report('fqdn.address', 'fail', `${normalName(fqdn)} has neither an A nor an AAAA record`, 'senders cannot reach the MX host'),
    );
  }
  return results;
}

function cnameResult(report: Report, fqdn: string, answer: Answer<string>): CheckResult {
  if (answer.kind === 'unknown')
    return report('fqdn.cname', 'unknown', `could not tell whether ${normalName(fqdn)} is a CNAME`, unknownReason(answer));
  if (answer.kind === 'records') {
    return report(
      'fqdn.cname',
      'fail',
      `${normalName(fqdn)} is a CNAME to ${normalName(answer.records[0] ?? '')}`,
      'an MX target must have its own A/AAAA records, not an alias (RFC 2181 §10.3)',
    );
  }
  return report('fqdn.cname', 'pass', `${normalName(fqdn)} is not a CNAME`);
}

function addressResult(
  report: Report,
  fqdn: string,
  type: 'A' | 'AAAA',
  answer: Answer<string>,
  expected: string | undefined,
): CheckResult[] {
  const id = type === 'A' ? 'fqdn.a' : 'fqdn.aaaa';
  const host = normalName(fqdn);
  if (answer.kind === 'unknown') return [report(id, 'unknown', `could not look up the ${type} of ${host}`, unknownReason(answer))];
  if (expected === undefined)
    return answer.kind === 'records' ? [report(id, 'pass', `${host} has ${type} ${answer.records.join(', ')}`)] : [];
  if (answer.kind === 'void') return [report(id, 'fail', `${host} has no ${type} record`, `publish: ${host}. ${type} ${expected}`)];
  if (!answer.records.some((ip) => sameIp(ip, expected))) {
    return [report(id, 'fail', `the ${type} of ${host} is ${answer.records.join(', ')}, not the server's ${expected}`)];
  }
  return [report(id, 'pass', `${host} has ${type} ${expected}`)];
}
