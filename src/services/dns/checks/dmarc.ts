import { normalName, sameOrganisation } from '../../../dms/dns-name.js';
import { parseTagList, recordsWithVersion } from '../../../dms/dns-txt.js';
import { parseReportUris, type ReportUri } from '../../../dms/report-uri.js';
import { reporter, type CheckResult, type Report } from '../check-result.js';
import { unknownReason, type DnsResolver } from '../resolver.js';
import { singleRecord, versionedTxt } from '../txt-lookup.js';

/**
 * DMARC rules (RFC 7489): one record at _dmarc, v=DMARC1 first, a valid p=, valid tags; and each report destination
 * outside the domain's organisation has authorised the domain (§7.1).
 */

/** Receivers discard TXT records that do not start exactly so (DMARC1 in capitals). */
const DMARC_VERSION = /^[vV]\s*=\s*DMARC1\s*(;|$)/;
const POLICIES = ['none', 'quarantine', 'reject'];

type TagRule = (value: string) => string | undefined;

const oneOf =
  (allowed: readonly string[]): TagRule =>
  (value) =>
    allowed.includes(value) ? undefined : `'${value}' is not ${allowed.join(', ')}`;
const colonList =
  (allowed: readonly string[]): TagRule =>
  (value) =>
    value.split(':').every((part) => allowed.includes(part.trim())) ? undefined : `'${value}' is not a :-list of ${allowed.join(', ')}`;
const integer =
  (max: number): TagRule =>
  (value) =>
    /^\d+$/.test(value) && Number(value) <= max ? undefined : `'${value}' is not a number up to ${max}`;
const uris: TagRule = (value) => parseReportUris(value, ['mailto', 'https']).problems.join('; ') || undefined;

/** The tags of RFC 7489 §6.3, and np/psd/t of DMARCbis, with what each accepts. */
const TAG_RULES: Readonly<Record<string, TagRule>> = {
  v: () => undefined,
  p: oneOf(POLICIES),
  sp: oneOf(POLICIES),
  np: oneOf(POLICIES),
  adkim: oneOf(['r', 's']),
  aspf: oneOf(['r', 's']),
  pct: integer(100),
  fo: colonList(['0', '1', 'd', 's']),
  rf: colonList(['afrf', 'iodef']),
  ri: integer(2 ** 32 - 1),
  rua: uris,
  ruf: uris,
  psd: oneOf(['y', 'n', 'u']),
  t: oneOf(['y', 'n']),
};

export async function checkDmarc(resolver: DnsResolver, domain: string): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const name = `_dmarc.${normalName(domain)}`;
  const advice = `publish at ${name}: "v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@${normalName(domain)}"`;
  const one = singleRecord(await versionedTxt(resolver, name, DMARC_VERSION), report, {
    id: 'dmarc.record',
    what: `the DMARC record at ${name}`,
    missing: 'fail',
    advice,
  });
  if (one.record === undefined) return [one.result];
  const tags = parseTagList(one.record);
  const results = [one.result, policyResult(report, domain, tags.tags, tags.problems)];
  const destinations = ['rua', 'ruf'].flatMap((tag) => parseReportUris(tags.tags.get(tag) ?? '', ['mailto']).uris);
  const external = uniqueDomains(destinations).filter((dest) => !sameOrganisation(dest, domain));
  results.push(...(await Promise.all(external.map((dest) => authorisationResult(resolver, report, domain, dest)))));
  return results;
}

function policyResult(report: Report, domain: string, tags: ReadonlyMap<string, string>, syntax: readonly string[]): CheckResult {
  const problems = [...syntax];
  const unknown: string[] = [];
  for (const [tag, value] of tags) {
    const rule = TAG_RULES[tag.toLowerCase()];
    if (!rule) unknown.push(tag);
    else if (tag !== 'rua' && tag !== 'ruf' && value === '') problems.push(`${tag}= is empty`);
    else if (value !== '') problems.push(...[rule(value)].filter((p) => p !== undefined).map((p) => `${tag}=: ${p}`));
  }
  const policy = tags.get('p');
  if (policy === undefined) problems.unshift('there is no p= policy');
  if (problems.length > 0)
    return report(
      'dmarc.policy',
      'fail',
      `the DMARC record of ${domain} is invalid: ${problems[0]}`,
      problems.slice(1).join('; ') || undefined,
    );
  if (unknown.length > 0)
    return report(
      'dmarc.policy',
      'warn',
      `the DMARC record of ${domain} has unknown tags: ${unknown.join(', ')}`,
      'receivers ignore them; a typo?',
    );
  if (policy === 'none') {
    return report(
      'dmarc.policy',
      'warn',
      `the DMARC policy of ${domain} is p=none: spoofed mail is still delivered`,
      'move to p=quarantine once reports show your own mail passes',
    );
  }
  return report('dmarc.policy', 'pass', `the DMARC policy of ${domain} is p=${policy}`);
}

function uniqueDomains(destinations: readonly ReportUri[]): string[] {
  return [...new Set(destinations.map((d) => d.domain).filter((d): d is string => d !== undefined))];
}

/** RFC 7489 §7.1: `<domain>._report._dmarc.<destination>` TXT v=DMARC1 says the destination accepts the reports. */
async function authorisationResult(resolver: DnsResolver, report: Report, domain: string, destination: string): Promise<CheckResult> {
  const name = `${normalName(domain)}._report._dmarc.${destination}`;
  const answer = await resolver.resolveTxt(name);
  if (answer.kind === 'unknown')
    return report(
      'dmarc.report-auth',
      'unknown',
      `could not check that ${destination} accepts DMARC reports for ${domain}`,
      unknownReason(answer),
    );
  if (answer.kind === 'records' && recordsWithVersion(answer.records, DMARC_VERSION).length > 0) {
    return report('dmarc.report-auth', 'pass', `${destination} accepts DMARC reports for ${domain}`);
  }
  return report(
    'dmarc.report-auth',
    'fail',
    `${destination} has not authorised DMARC reports for ${domain}: receivers will not send them`,
    `publish in ${destination}'s zone: ${name} TXT "v=DMARC1"`,
  );
}
