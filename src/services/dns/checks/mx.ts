import { isIP } from 'node:net';
import { sameIp } from '../../../dms/dns-ip.js';
import { normalName, sameName } from '../../../dms/dns-name.js';
import { reporter, type CheckResult, type Report } from '../check-result.js';
import { unknownReason, type Answer, type DnsResolver, type MxRecord } from '../resolver.js';

/**
 * MX rules: the domain has an MX, it points to the server's FQDN, and that name has its own A/AAAA (no CNAME). A
 * target that cannot take mail is named with its cause; a target elsewhere is named with its addresses.
 */

type ServerIps = { ipv4?: string; ipv6?: string };

/** `ips`: the server's addresses, to tell another name for the same machine from another server. */
export async function checkMx(resolver: DnsResolver, domain: string, fqdn: string, ips: ServerIps = {}): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const answer = await resolver.resolveMx(domain);
  const advice = `publish: ${normalName(domain)}. MX 10 ${normalName(fqdn)}.`;
  if (answer.kind === 'unknown') return [report('mx.present', 'unknown', `could not look up the MX of ${domain}`, unknownReason(answer))];
  if (answer.kind === 'void') return [report('mx.present', 'fail', `${domain} has no MX record`, await implicitMx(resolver, domain, advice))];
  const records = [...answer.records].sort((a, b) => a.priority - b.priority);
  if (records.some((r) => normalName(r.exchange) === '')) {
    return [report('mx.present', 'fail', `${domain} publishes a null MX: it declares that it accepts no mail (RFC 7505)`, advice)];
  }
  const others = [...new Set(records.map((r) => normalName(r.exchange)))].filter((host) => !sameName(host, fqdn)).slice(0, 5);
  const probes = await Promise.all(others.map((host) => probeTarget(resolver, host)));
  const serverIps = others.length > 0 ? await serverAddresses(resolver, fqdn, ips) : [];
  return [
    report('mx.present', 'pass', `${domain} has MX ${describeMx(records)}`),
    ...causeResults(report, domain, records, probes),
    targetResult(report, { domain, fqdn, serverIps }, records, probes),
  ];
}

/** Without an MX, senders deliver to the domain's own A/AAAA (RFC 5321 §5.1): say so when it has them. */
async function implicitMx(resolver: DnsResolver, domain: string, advice: string): Promise<string> {
  const [a, aaaa] = await Promise.all([resolver.resolve4(domain), resolver.resolve6(domain)]);
  const addresses = [a, aaaa].flatMap((answer) => (answer.kind === 'records' ? answer.records : []));
  if (addresses.length === 0) return advice;
  return `senders fall back to ${normalName(domain)}'s own address (${addresses.join(', ')}: the implicit MX of RFC 5321 §5.1), which is not the mail server's name; ${advice}`;
}

type TargetFault = { id: 'mx.target-ip' | 'mx.target-cname' | 'mx.target-address'; summary: string; detail: string };

/** An MX target other than the server's name: its addresses, or why it cannot take mail. */
interface TargetProbe {
  host: string;
  addresses: string[];
  fault?: TargetFault;
}

async function probeTarget(resolver: DnsResolver, host: string): Promise<TargetProbe> {
  if (isIP(host) !== 0) {
    const fault: TargetFault = { id: 'mx.target-ip', summary: `the MX target ${host} is an IP address, not a host name`, detail: 'senders look it up as a name and find nothing (RFC 5321 §5.1): point the MX to a name with A/AAAA records' };
    return { host, addresses: [], fault };
  }
  const [cname, a, aaaa] = await Promise.all([resolver.resolveCname(host), resolver.resolve4(host), resolver.resolve6(host)]);
  const addresses = [a, aaaa].flatMap((answer) => (answer.kind === 'records' ? answer.records : []));
  if (cname.kind === 'records') {
    const fault: TargetFault = { id: 'mx.target-cname', summary: `the MX target ${host} is a CNAME to ${normalName(cname.records[0] ?? '')}`, detail: 'RFC 2181 §10.3 forbids it; many senders refuse it: point the MX to the real name' };
    return { host, addresses, fault };
  }
  if (a.kind === 'void' && aaaa.kind === 'void') {
    const fault: TargetFault = { id: 'mx.target-address', summary: `the MX target ${host} has no A/AAAA record`, detail: `publish its address, or point the MX to a name that has one` };
    return { host, addresses, fault };
  }
  return { host, addresses };
}

function causeResults(report: Report, domain: string, records: readonly MxRecord[], probes: readonly TargetProbe[]): CheckResult[] {
  const brokenHosts = new Set(probes.filter((p) => p.fault).map((p) => p.host));
  const anyWorks = records.some((r) => !brokenHosts.has(normalName(r.exchange)));
  return probes.flatMap(({ fault: f }) => {
    if (!f) return [];
    // One broken target among working ones delays some mail; all broken means mail for the domain cannot arrive.
    return anyWorks
      ? [report(f.id, 'warn', `${f.summary} (one of several MX targets of ${domain})`, f.detail)]
      : [report(f.id, 'fail', `${f.summary}: mail to ${domain} cannot be delivered`, f.detail)];
  });
}

function describeMx(records: readonly MxRecord[]): string {
  return records.map((r) => `${r.priority} ${normalName(r.exchange)}`).join(', ');
}

/** The MX as senders see it: each target with its addresses, when it has any. */
function describeTargets(records: readonly MxRecord[], probes: readonly TargetProbe[]): string {
  return records
    .map((r) => {
      const addresses = probes.find((p) => p.host === normalName(r.exchange))?.addresses ?? [];
      return `${r.priority} ${normalName(r.exchange)}${addresses.length > 0 ? ` (${addresses.join(', ')})` : ''}`;
    })
    .join(', ');
}

function targetResult(report: Report, facts: { domain: string; fqdn: string; serverIps: readonly string[] }, records: readonly MxRecord[], probes: readonly TargetProbe[]): CheckResult {
  const { domain, fqdn } = facts;
  const ours = records.filter((r) => sameName(r.exchange, fqdn));
  if (ours.length === 0) {
    // Another name for the same machine still receives the mail: only the names senders verify differ.
    const sameMachine = probes.filter((p) => !p.fault && p.addresses.some((ip) => facts.serverIps.some((own) => sameIp(ip, own))));
    if (sameMachine.length > 0) {
      return report(
        'mx.target',
        'warn',
        `the MX of ${domain} points to ${sameMachine.map((p) => p.host).join(', ')}, which has the server's address but is not its name ${normalName(fqdn)}`,
        `mail arrives, but senders that verify the certificate (MTA-STS, DANE) expect ${sameMachine[0]?.host ?? ''} in it: point the MX to ${normalName(fqdn)}, or add that name to the certificate and the plan`,
      );
    }
    return report(
      'mx.target',
      'fail',
      `the MX of ${domain} points to ${describeTargets(records, probes)}, not to ${normalName(fqdn)}${facts.serverIps.length > 0 ? ` (${facts.serverIps.join(', ')})` : ''}`,
      'mail for the domain goes to another server',
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

/** The server's addresses: the ones given, else what its name resolves to. */
async function serverAddresses(resolver: DnsResolver, fqdn: string, ips: ServerIps): Promise<string[]> {
  const known = [ips.ipv4, ips.ipv6].filter((ip): ip is string => ip !== undefined);
  if (known.length > 0) return known;
  const [a, aaaa] = await Promise.all([resolver.resolve4(fqdn), resolver.resolve6(fqdn)]);
  return [a, aaaa].flatMap((answer) => (answer.kind === 'records' ? answer.records : []));
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
