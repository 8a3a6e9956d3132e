import { sameIp } from '../../../dms/dns-ip.js';
import { normalName, sameName } from '../../../dms/dns-name.js';
import type { ClientService } from '../../../dms/dns-client-records.js';
import type { Importance, PlannedRecord } from '../../../dms/dns-plan.js';
import { sanitizeForTerminal } from '../../../dms/terminal-text.js';
import { reporter, type CheckResult, type CheckStatus, type Report } from '../check-result.js';
import { unknownReason, type Answer, type DnsResolver, type SrvRecord } from '../resolver.js';

/**
 * Client discovery rules: each SRV record of RFC 6186 points to the mail host at DMS's port for the service, or is
 * the `.` target that says the service is not offered; autoconfig/autodiscover lead to the mail host (a CNAME to it,
 * or its addresses). An absent record is judged by the plan's mark: optional ones may be left out.
 */

const MISSING: Readonly<Record<Importance, CheckStatus>> = { required: 'fail', recommended: 'advice', optional: 'pass' };

/** `importance`: the plan's mark for the record; undefined when the plan does not ask for it (checked only if present). */
export async function checkSrv(
  resolver: DnsResolver,
  domain: string,
  fqdn: string,
  service: ClientService,
  importance: Importance | undefined,
): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const id = `srv.${service.service}`;
  const name = `_${service.service}._tcp.${normalName(domain)}`;
  const answer = await resolver.resolveSrv(name);
  if (answer.kind === 'unknown') return [report(id, 'unknown', `could not look up ${name}`, unknownReason(answer))];
  if (answer.kind === 'void') {
    if (importance === undefined) return [];
    const advice = `publish: ${name}. SRV 0 1 ${service.port} ${normalName(fqdn)}.`;
    return [report(id, MISSING[importance], `${name} is not published (${importance}: mail clients find ${service.what} there)`, advice)];
  }
  return [srvResult(report, { id, name, fqdn: normalName(fqdn), service }, answer.records)];
}

function srvResult(
  report: Report,
  rule: { id: string; name: string; fqdn: string; service: ClientService },
  records: readonly SrvRecord[],
): CheckResult {
  const { id, name, fqdn, service } = rule;
  const shown = records.map(describeSrv).join(', ');
  const notOffered = records.filter((r) => normalName(r.name) === '');
  if (notOffered.length > 0) {
    if (records.length === 1) return report(id, 'pass', `${name} says ${service.what} is not offered (target ".")`);
    const summary = `${name} mixes the "not offered" target "." with other records: ${shown}`;
    return report(id, 'fail', summary, 'RFC 2782: "." must be the only record');
  }
  const right = records.filter((r) => sameName(r.name, fqdn) && r.port === service.port);
  if (right.length === 0) {
    const ours = records.some((r) => sameName(r.name, fqdn));
    const wrong = ours ? `the wrong port: ${shown}` : `${shown}, not to ${fqdn}`;
    return report(id, 'fail', `${name} points clients to ${wrong}`, `expected: ${name}. SRV 0 1 ${service.port} ${fqdn}.`);
  }
  const best = Math.min(...records.map((r) => r.priority));
  if (Math.min(...right.map((r) => r.priority)) > best) {
    return report(id, 'warn', `${name} prefers other targets to ${fqdn}:${service.port}`, `clients try them first: ${shown}`);
  }
  return report(id, 'pass', `${name} → ${fqdn}:${service.port}`);
}

function describeSrv(record: SrvRecord): string {
  return `${sanitizeForTerminal(normalName(record.name) || '.')}:${record.port} (priority ${record.priority})`;
}

export interface ServerAddresses {
  ipv4?: string;
  ipv6?: string;
}

/** autoconfig.<domain> / autodiscover.<domain>: a CNAME to the mail host, or addresses that are the server's. */
export async function checkClientHost(
  resolver: DnsResolver,
  planned: PlannedRecord,
  fqdn: string,
  server: ServerAddresses,
): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const name = normalName(planned.name);
  const id = `${name.split('.')[0] ?? name}.target`;
  const host = normalName(fqdn);
  const [cname, a, aaaa] = await Promise.all([resolver.resolveCname(name), resolver.resolve4(name), resolver.resolve6(name)]);
  const unsure = [cname, a, aaaa].find((answer) => answer.kind === 'unknown');
  if (unsure?.kind === 'unknown') return [report(id, 'unknown', `could not look up ${name}`, unknownReason(unsure))];
  const alias = cname.kind === 'records' ? normalName(cname.records[0] ?? '') : undefined;
  if (alias !== undefined && alias === host) return [report(id, 'pass', `${name} is a CNAME to ${host}`)];
  if (alias === undefined && a.kind === 'void' && aaaa.kind === 'void') {
    const advice = `publish: ${name}. CNAME ${host}.`;
    return [report(id, MISSING[planned.importance], `${name} is not published (${planned.importance}: ${planned.reason})`, advice)];
  }
  return [addressResult(report, { id, name, host, alias }, [a, aaaa], server)];
}

function addressResult(
  report: Report,
  names: { id: string; name: string; host: string; alias: string | undefined },
  [a, aaaa]: Answer<string>[],
  server: ServerAddresses,
): CheckResult {
  const { id, name, host, alias } = names;
  const found = [a, aaaa].flatMap((answer) => (answer?.kind === 'records' ? answer.records : []));
  const ours = [server.ipv4, server.ipv6].filter((ip): ip is string => ip !== undefined);
  const via = alias === undefined ? name : `${name} (a CNAME to ${sanitizeForTerminal(alias)})`;
  const advice = `expected: ${name}. CNAME ${host}.`;
  if (ours.length === 0) {
    return report(id, 'unknown', `${via} is not a CNAME to ${host}, and the server's addresses are not known to compare`, advice);
  }
  const comparable = found.filter((ip) => ours.some((our) => sameFamily(ip, our)));
  const foreign = comparable.filter((ip) => !ours.some((our) => sameIp(ip, our)));
  if (comparable.length === 0 || foreign.length > 0) {
    const resolved = found.length > 0 ? `resolves to ${found.join(', ')}` : 'has no address';
    return report(id, 'fail', `${via} ${resolved}, not to ${host}'s ${ours.join(', ')}`, advice);
  }
  return report(id, 'pass', `${via} resolves to the server's ${comparable.join(', ')}`);
}

function sameFamily(a: string, b: string): boolean {
  return a.includes(':') === b.includes(':');
}
