import { joinedTxt } from '../../dms/dns-txt.js';
import type { CheckResult, CheckStatus, Report } from './check-result.js';
import { unknownReason, type DnsResolver } from './resolver.js';

/** The rule SPF, DMARC, MTA-STS and TLS-RPT share: at a name, exactly one TXT record starts with the version tag. */

export type VersionedTxt =
  | { kind: 'unknown'; reason: string }
  /** `others`: TXT records at the name without the version tag (a typo in `v=` hides a record). */
  | { kind: 'found'; records: string[]; others: string[] };

export async function versionedTxt(resolver: DnsResolver, name: string, version: RegExp): Promise<VersionedTxt> {
  const answer = await resolver.resolveTxt(name);
  if (answer.kind === 'unknown') return { kind: 'unknown', reason: unknownReason(answer) };
  const texts = answer.kind === 'records' ? joinedTxt(answer.records) : [];
  return { kind: 'found', records: texts.filter((t) => version.test(t.trim())), others: texts.filter((t) => !version.test(t.trim())) };
}

export interface SingleRecordRule {
  id: string;
  /** What is looked for, e.g. `the SPF record (v=spf1) of example.com`. */
  what: string;
  /** How bad its absence is. */
  missing: CheckStatus;
  /** What to do when it is missing. */
  advice?: string;
}

/** The result of the "exactly one record" rule, and the record when there is exactly one. */
export function singleRecord(lookup: VersionedTxt, report: Report, rule: SingleRecordRule): { result: CheckResult; record?: string } {
  if (lookup.kind === 'unknown') return { result: report(rule.id, 'unknown', `could not look up ${rule.what}`, lookup.reason) };
  const [first, second] = lookup.records;
  if (first === undefined) {
    const seen = lookup.others.length > 0 ? `other TXT records there: ${lookup.others.map((t) => `"${t}"`).join(', ')}` : undefined;
    const detail = [rule.advice, seen].filter(Boolean).join('; ') || undefined;
    return { result: report(rule.id, rule.missing, `${rule.what} is missing`, detail) };
  }
  if (second !== undefined) {
    const detail = lookup.records.map((t) => `"${t}"`).join('\n');
    return {
      result: report(rule.id, 'fail', `${rule.what} is published ${lookup.records.length} times: receivers treat that as an error`, detail),
    };
  }
  return { result: report(rule.id, 'pass', `${rule.what} is published`, first), record: first };
}
