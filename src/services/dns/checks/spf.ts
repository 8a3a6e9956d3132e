import { ipFamily } from '../../../dms/dns-ip.js';
import { normalName } from '../../../dms/dns-name.js';
import { parseSpf, SPF_VERSION, type SpfRecord } from '../../../dms/spf.js';
import { reporter, type CheckResult, type Report } from '../check-result.js';
import type { DnsResolver } from '../resolver.js';
import { singleRecord, versionedTxt } from '../txt-lookup.js';
import { evaluateSpf, LOOKUP_LIMIT, VOID_LOOKUP_LIMIT, type SpfEvaluation } from './spf-eval.js';

/**
 * SPF rules (RFC 7208): exactly one v=spf1 record, valid syntax, at most 10 DNS-querying terms and 2 void lookups
 * through nested include/redirect, and each server IP authorised.
 */

/**
 * Addresses from TEST-NET-3 (RFC 5737) and its IPv6 twin: no real record authorises them, so evaluating them walks the
 * whole policy, as a receiver does for a stranger's mail, and counts every lookup.
 */
const STRANGER = { 4: '203.0.113.254', 6: '2001:db8:ffff::254' } as const;

export async function checkSpf(resolver: DnsResolver, domain: string, fqdn: string, ips: readonly string[]): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const lookup = await versionedTxt(resolver, domain, SPF_VERSION);
  const advice = `publish one TXT record at ${normalName(domain)}: "v=spf1 ${ips.map((ip) => `ip${ipFamily(ip)}:${ip}`).join(' ') || 'mx'} ~all"`;
  const one = singleRecord(lookup, report, { id: 'spf.record', what: `the SPF record (v=spf1) of ${domain}`, missing: 'fail', advice });
  if (one.record === undefined) return [one.result];
  const parsed = parseSpf(one.record);
  if (!parsed.ok)
    return [one.result, report('spf.syntax', 'fail', `the SPF record of ${domain} is invalid: ${parsed.problem}`, one.record)];
  const results = [one.result, policyResult(report, domain, parsed.record)];
  const family = ips.length > 0 && ips.every((ip) => ipFamily(ip) === 6) ? 6 : 4;
  results.push(...walkResults(report, domain, await evaluateSpf(resolver, domain, STRANGER[family], fqdn)));
  for (const ip of ips) results.push(authorisedResult(report, domain, ip, await evaluateSpf(resolver, domain, ip, fqdn)));
  return results;
}

/** What the record says about everyone else: the final `all`, and terms that are ignored or discouraged. */
function policyResult(report: Report, domain: string, record: SpfRecord): CheckResult {
  const allAt = record.mechanisms.findIndex((m) => m.kind === 'all');
  const all = record.mechanisms[allAt];
  if (all?.qualifier === '+')
    return report('spf.syntax', 'fail', `the SPF record of ${domain} ends with +all: it authorises every address on the internet`);
  const warnings: string[] = [];
  if (all === undefined && record.redirect === undefined)
    warnings.push('it has no all term: mail from other addresses is neutral (end with ~all or -all)');
  if (all?.qualifier === '?') warnings.push('?all says nothing about other addresses (use ~all or -all)');
  if (all && allAt < record.mechanisms.length - 1) warnings.push(`terms after ${all.text} are never evaluated`);
  if (all && record.redirect !== undefined) warnings.push(`redirect= is ignored because of ${all.text}`);
  if (record.mechanisms.some((m) => m.kind === 'ptr')) warnings.push('ptr is slow and discouraged (RFC 7208 §5.5)');
  if (warnings.length > 0)
    return report('spf.syntax', 'warn', `the SPF record of ${domain}: ${warnings[0]}`, warnings.slice(1).join('; ') || undefined);
  return report('spf.syntax', 'pass', `the SPF record of ${domain} is valid${all ? ` and ends with ${all.text}` : ''}`);
}

/** The lookup counts and the structure below the top record, from a walk of the whole policy. */
function walkResults(report: Report, domain: string, walk: SpfEvaluation): CheckResult[] {
  if (walk.result === 'temperror') return [report('spf.lookups', 'unknown', `could not follow the SPF record of ${domain}`, walk.problem)];
  const lookups =
    walk.lookups > LOOKUP_LIMIT
      ? report(
          'spf.lookups',
          'fail',
          `the SPF record of ${domain} needs ${walk.lookups} DNS lookups (limit ${LOOKUP_LIMIT}): receivers answer permerror`,
          'replace include/a/mx terms by ip4:/ip6: networks, or drop unused includes',
        )
      : report('spf.lookups', 'pass', `the SPF record of ${domain} needs ${walk.lookups} DNS lookups (limit ${LOOKUP_LIMIT})`);
  const voids =
    walk.voidLookups > VOID_LOOKUP_LIMIT
      ? report(
          'spf.void-lookups',
          'fail',
          `${walk.voidLookups} lookups of the SPF record of ${domain} find nothing (limit ${VOID_LOOKUP_LIMIT}): receivers answer permerror`,
          'remove terms naming domains without records',
        )
      : report('spf.void-lookups', 'pass', `${walk.voidLookups} void lookups (limit ${VOID_LOOKUP_LIMIT})`);
  const nested =
    walk.problem !== undefined && walk.result === 'permerror'
      ? report('spf.includes', 'fail', `the SPF policy of ${domain} is broken below the top record: ${walk.problem}`)
      : report('spf.includes', 'pass', `the includes and redirects of ${domain} resolve`);
  return [lookups, voids, nested];
}

function authorisedResult(report: Report, domain: string, ip: string, evaluation: SpfEvaluation): CheckResult {
  const id = ipFamily(ip) === 6 ? 'spf.authorised.ipv6' : 'spf.authorised.ipv4';
  if (evaluation.result === 'pass') return report(id, 'pass', `${ip} may send for ${domain} (${evaluation.decidedBy ?? 'pass'})`);
  if (evaluation.result === 'temperror')
    return report(id, 'unknown', `could not tell whether ${ip} may send for ${domain}`, evaluation.problem);
  const limits = `${evaluation.lookups} DNS lookups and ${evaluation.voidLookups} void lookups (limits ${LOOKUP_LIMIT} and ${VOID_LOOKUP_LIMIT})`;
  const why = evaluation.result === 'permerror' ? (evaluation.problem ?? limits) : (evaluation.decidedBy ?? evaluation.result);
  return report(id, 'fail', `${ip} is not authorised to send for ${domain}: SPF ${evaluation.result}`, why);
}
