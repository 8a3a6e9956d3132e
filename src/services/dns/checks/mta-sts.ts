import { normalName } from '../../../dms/dns-name.js';
import { parseTagList } from '../../../dms/dns-txt.js';
import { mtaStsPolicyUrl, mxPatternCovers, parseMtaStsPolicy, type MtaStsPolicy } from '../../../dms/mta-sts-policy.js';
import { reporter, type CheckResult, type Report } from '../check-result.js';
import { unknownReason, type DnsResolver } from '../resolver.js';
import { singleRecord, versionedTxt } from '../txt-lookup.js';

/**
 * MTA-STS rules (RFC 8461): one `_mta-sts` TXT record with an id; the policy file at its HTTPS URL has a valid
 * version, mode, max_age and mx lines, and the mx lines cover every MX host of the domain.
 */

/** Fetches the policy file over HTTPS (valid certificate, no redirects) and returns its text; throws when it cannot. */
export type FetchPolicy = (url: string) => Promise<string>;

const STS_VERSION = /^v=STSv1\s*(;|$)/;
/** Under a day, a policy protects little between fetches; RFC 8461 suggests weeks. */
const SHORT_MAX_AGE = 86_400;

export async function checkMtaSts(resolver: DnsResolver, domain: string, fetchPolicy: FetchPolicy): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const name = `_mta-sts.${normalName(domain)}`;
  const lookup = await versionedTxt(resolver, name, STS_VERSION);
  const rule = {
    id: 'mta-sts.record',
    what: `the MTA-STS record at ${name}`,
    missing: 'advice' as const,
    advice: 'senders may deliver without TLS; publish MTA-STS (recommended)',
  };
  const one = singleRecord(lookup, report, rule);
  if (one.record === undefined) return [one.result];
  const id = parseTagList(one.record).tags.get('id');
  if (id === undefined || !/^[A-Za-z0-9]{1,32}$/.test(id)) {
    return [report('mta-sts.record', 'fail', `the MTA-STS record at ${name} has no valid id= (1–32 letters and digits)`, one.record)];
  }
  const url = mtaStsPolicyUrl(domain);
  let text: string;
  try {
    text = await fetchPolicy(url);
  } catch (error) {
    return [
      one.result,
      report('mta-sts.policy', 'fail', `could not fetch the MTA-STS policy ${url}`, error instanceof Error ? error.message : String(error)),
    ];
  }
  const { policy, problems } = parseMtaStsPolicy(text);
  if (problems.length > 0)
    return [
      one.result,
      report(
        'mta-sts.policy',
        'fail',
        `the MTA-STS policy of ${domain} is invalid: ${problems[0]}`,
        problems.slice(1).join('; ') || undefined,
      ),
    ];
  return [one.result, policyResult(report, domain, policy), await coverageResult(resolver, report, domain, policy)];
}

function policyResult(report: Report, domain: string, policy: MtaStsPolicy): CheckResult {
  if (policy.mode === 'none') return report('mta-sts.policy', 'warn', `the MTA-STS policy of ${domain} has mode: none (withdrawn)`);
  if ((policy.maxAge ?? 0) < SHORT_MAX_AGE) {
    return report(
      'mta-sts.policy',
      'warn',
      `the MTA-STS policy of ${domain} has max_age ${policy.maxAge ?? 0}: under a day`,
      'use a week or more (604800) once the policy works',
    );
  }
  const note = policy.mode === 'testing' ? 'senders only report failures; switch to enforce once TLS reports are clean' : undefined;
  return report(
    'mta-sts.policy',
    'pass',
    `the MTA-STS policy of ${domain} is valid (mode ${policy.mode ?? ''}, max_age ${policy.maxAge ?? 0})`,
    note,
  );
}

async function coverageResult(resolver: DnsResolver, report: Report, domain: string, policy: MtaStsPolicy): Promise<CheckResult> {
  if (policy.mode === 'none') return report('mta-sts.mx', 'pass', `the MTA-STS policy of ${domain} is withdrawn: no MX to cover`);
  const answer = await resolver.resolveMx(domain);
  if (answer.kind === 'unknown') return report('mta-sts.mx', 'unknown', `could not look up the MX of ${domain}`, unknownReason(answer));
  const hosts = answer.kind === 'records' ? answer.records.map((r) => normalName(r.exchange)).filter((h) => h !== '') : [];
  const uncovered = hosts.filter((host) => !policy.mx.some((pattern) => mxPatternCovers(pattern, host)));
  if (hosts.length === 0) return report('mta-sts.mx', 'fail', `${domain} has no MX for its MTA-STS policy to cover`);
  if (uncovered.length > 0) {
    const mode = policy.mode === 'enforce' ? 'senders refuse to deliver there' : 'senders report failures';
    return report(
      'mta-sts.mx',
      'fail',
      `the MTA-STS policy of ${domain} does not cover MX ${uncovered.join(', ')}: ${mode}`,
      `its mx lines: ${policy.mx.join(', ')}`,
    );
  }
  return report('mta-sts.mx', 'pass', `the MTA-STS policy of ${domain} covers its MX ${hosts.join(', ')}`);
}
