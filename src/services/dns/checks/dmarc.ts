import { normalName } from '../../../dms/dns-name.js';
import { parseTagList, recordsWithVersion } from '../../../dms/dns-txt.js';
import { parseReportUris, type ReportUri } from '../../../dms/report-uri.js';
import { sanitizeForTerminal } from '../../../dms/terminal-text.js';
import { reporter, type CheckResult, type CheckStatus, type Report } from '../check-result.js';
import { unknownReason, type DnsResolver } from '../resolver.js';
import { singleRecord, versionedTxt, type VersionedTxt } from '../txt-lookup.js';

/**
 * DMARC rules (RFC 7489): one record at _dmarc, v=DMARC1 first, a valid p=, valid tags; and each report destination
 * outside the domain's organisation has authorised the domain (§7.1). A subdomain without a record of its own is judged
 * by the record of its organisational domain (§6.6.3).
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

type OrganisationalDomains = typeof import('../../../dms/dns-org-domain.js');

/** The Public Suffix List is a 130 kB module: loaded when a DMARC check runs, not when the console starts. */
const publicSuffixes = (): Promise<OrganisationalDomains> => import('../../../dms/dns-org-domain.js');

export async function checkDmarc(resolver: DnsResolver, domain: string): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const own = normalName(domain);
  const psl = await publicSuffixes();
  const organisation = psl.organisationalDomain(own);
  const name = `_dmarc.${own}`;
  // The organisation's record is asked for at once: a subdomain without its own record falls back to it.
  const [lookup, parentLookup] = await Promise.all([
    versionedTxt(resolver, name, DMARC_VERSION),
    organisation === own ? undefined : versionedTxt(resolver, `_dmarc.${organisation}`, DMARC_VERSION),
  ]);
  const advice = `publish at ${name}: "v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@${own}"`;
  const one = singleRecord(lookup, report, { id: 'dmarc.record', what: `the DMARC record at ${name}`, missing: 'fail', advice });
  const context = { resolver, report, psl };
  if (one.record !== undefined) return [one.result, ...(await recordResults(context, own, one.record))];
  if (lookup.kind === 'unknown' || lookup.records.length > 0 || parentLookup === undefined) return [one.result];
  return inheritedResults(context, { domain: own, organisation, missing: one.result, ignored: lookup.others }, parentLookup);
}

interface Context {
  resolver: DnsResolver;
  report: Report;
  psl: OrganisationalDomains;
}

/** The policy and report-destination rules of the record `publisher` publishes (for itself, or `inheritedBy`). */
async function recordResults(context: Context, publisher: string, record: string, inheritedBy?: string): Promise<CheckResult[]> {
  const { resolver, report, psl } = context;
  const { tags, problems } = parseTagList(record);
  const results = [
    inheritedBy === undefined
      ? policyResult(report, publisher, tags, problems)
      : inheritedPolicyResult(report, inheritedBy, publisher, tags, problems),
  ];
  // An invalid record is ignored by receivers: its reporting is moot.
  if (inheritedBy === undefined && results[0]?.status !== 'fail') results.push(reportsResult(report, publisher, tags));
  const destinations = ['rua', 'ruf'].flatMap((tag) => parseReportUris(tags.get(tag) ?? '', ['mailto']).uris);
  const external = uniqueDomains(destinations).filter((dest) => !psl.sameOrganisation(dest, publisher));
  results.push(...(await Promise.all(external.map((dest) => authorisationResult(resolver, report, publisher, dest)))));
  return results;
}

/** RFC 7489 §6.6.3: without a record of its own, a domain gets its organisational domain's (sp= when set, else p=). */
async function inheritedResults(
  context: Context,
  own: { domain: string; organisation: string; missing: CheckResult; ignored: string[] },
  parent: VersionedTxt,
): Promise<CheckResult[]> {
  const { report } = context;
  const { domain, organisation, missing } = own;
  const fallback = (status: CheckStatus, summary: string): CheckResult[] => [
    report('dmarc.record', status, `${missing.summary}, and ${summary}`, missing.detail),
  ];
  if (parent.kind === 'unknown') return fallback('unknown', `could not look up ${organisation}'s that would apply (${parent.reason})`);
  const [record, second] = parent.records;
  if (record === undefined) return fallback('fail', `so is ${organisation}'s that would apply`);
  if (second !== undefined) {
    return fallback('fail', `${organisation}'s that would apply is published ${parent.records.length} times (receivers ignore it)`);
  }
  const applies = `the policy of ${organisation} applies (RFC 7489 §6.6.3)`;
  const inherited =
    own.ignored.length > 0
      ? report('dmarc.record', 'warn', `${domain}'s DMARC records do not start with v=DMARC1: ${applies}`, missing.detail)
      : report(
          'dmarc.record',
          'pass',
          `${domain} has no DMARC record of its own: ${applies}`,
          `_dmarc.${organisation}: "${sanitizeForTerminal(record)}"`,
        );
  return [inherited, ...(await recordResults(context, organisation, record, domain))];
}

interface PolicyProblems {
  problems: string[];
  unknown: string[];
}

function policyProblems(tags: ReadonlyMap<string, string>, syntax: readonly string[]): PolicyProblems {
  const problems = [...syntax];
  const unknown: string[] = [];
  for (const [tag, value] of tags) {
    const rule = TAG_RULES[tag.toLowerCase()];
    if (!rule) unknown.push(tag);
    else if (tag !== 'rua' && tag !== 'ruf' && value === '') problems.push(`${tag}= is empty`);
    else if (value !== '') problems.push(...[rule(value)].filter((p) => p !== undefined).map((p) => `${tag}=: ${p}`));
  }
  if (tags.get('p') === undefined) problems.unshift('there is no p= policy');
  return { problems, unknown: unknown.map(sanitizeForTerminal) };
}

function invalidResult(report: Report, domain: string, found: PolicyProblems): CheckResult | undefined {
  const { problems, unknown } = found;
  if (problems.length > 0) {
    const [first = '', ...rest] = problems.map(sanitizeForTerminal);
    return report('dmarc.policy', 'fail', `the DMARC record of ${domain} is invalid: ${first}`, rest.join('; ') || undefined);
  }
  if (unknown.length > 0) {
    const summary = `the DMARC record of ${domain} has unknown tags: ${unknown.join(', ')}`;
    return report('dmarc.policy', 'warn', summary, 'receivers ignore them; a typo?');
  }
  return undefined;
}

function policyResult(report: Report, domain: string, tags: ReadonlyMap<string, string>, syntax: readonly string[]): CheckResult {
  const invalid = invalidResult(report, domain, policyProblems(tags, syntax));
  if (invalid) return invalid;
  const policy = tags.get('p');
  if (policy === 'none') {
    return report(
      'dmarc.policy',
      'advice',
      `the DMARC policy of ${domain} is p=none: spoofed mail is still delivered`,
      'move to p=quarantine once reports show your own mail passes',
    );
  }
  return report('dmarc.policy', 'pass', `the DMARC policy of ${domain} is p=${policy ?? ''}`);
}

/**
 * Without rua= nobody learns which mail fails DMARC. Under p=quarantine/reject that is the domain's own mail lost
 * unseen (a warning); under p=none the record changes nothing yet (advice).
 */
function reportsResult(report: Report, domain: string, tags: ReadonlyMap<string, string>): CheckResult {
  const rua = tags.get('rua')?.trim() ?? '';
  if (rua !== '') return report('dmarc.reports', 'pass', `aggregate DMARC reports for ${domain} go to ${sanitizeForTerminal(rua)}`);
  const enforcing = tags.get('p') === 'quarantine' || tags.get('p') === 'reject';
  return enforcing
    ? report('dmarc.reports', 'warn', `the DMARC record of ${domain} asks for no reports (no rua=): mail that fails DMARC is dropped unseen`, `add rua=mailto:postmaster@${domain} to see who sends in the domain's name`)
    : report('dmarc.reports', 'advice', `the DMARC record of ${domain} asks for no reports (no rua=)`, `add rua=mailto:postmaster@${domain} to learn whether your own mail passes before moving to p=quarantine`);
}

/** The policy a subdomain gets from its organisational domain's record: sp= when set, else p=. */
function inheritedPolicyResult(
  report: Report,
  domain: string,
  organisation: string,
  tags: ReadonlyMap<string, string>,
  syntax: readonly string[],
): CheckResult {
  const invalid = invalidResult(report, organisation, policyProblems(tags, syntax));
  if (invalid) return { ...invalid, summary: `${invalid.summary} (${domain} inherits it)` };
  const sp = tags.get('sp');
  const applied = sp === undefined ? `p=${tags.get('p') ?? ''}` : `sp=${sp}`;
  if ((sp ?? tags.get('p')) === 'none') {
    return report(
      'dmarc.policy',
      'advice',
      `${domain} inherits ${applied} from ${organisation}: spoofed mail is still delivered`,
      `publish a policy of its own at _dmarc.${domain}, or sp=quarantine in ${organisation}'s`,
    );
  }
  return report('dmarc.policy', 'pass', `the DMARC policy of ${domain} is ${applied}, inherited from ${organisation}`);
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
