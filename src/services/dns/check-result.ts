import type { DnsResolver } from './resolver.js';

/** What every DNS check returns: one result per rule, with the resolver that answered it. */

/**
 * fail: mail is lost, rejected or spoofable; warn: a likely problem soon; advice: an optional record absent or a
 * good-practice upgrade (never a problem on its own); unknown: nobody could answer.
 */
export type CheckStatus = 'pass' | 'advice' | 'warn' | 'fail' | 'unknown';

export interface CheckResult {
  /** The rule, e.g. `spf.lookups`, `dkim.key`, `ptr.ipv4`. */
  id: string;
  status: CheckStatus;
  /** One line for a list. */
  summary: string;
  /** What to do about it, or the record as found. */
  detail?: string;
  /** The record from the DNS plan that would fix it, as zone-file lines ready to paste. */
  fix?: string;
  /** Which resolver gave the answers. */
  resolver: string;
}

/** 0 no failure and no warning (advice allowed); 1 warnings or unknown answers (`strict`: advice too); 2 a failure. */
export type ExitStatus = 0 | 1 | 2;

export function exitStatus(results: readonly CheckResult[], options: { strict?: boolean } = {}): ExitStatus {
  if (results.some((r) => r.status === 'fail')) return 2;
  const counts = (r: CheckResult): boolean => r.status === 'warn' || r.status === 'unknown' || (options.strict === true && r.status === 'advice');
  return results.some(counts) ? 1 : 0;
}

const ORDER: Readonly<Record<CheckStatus, number>> = { fail: 0, warn: 1, unknown: 2, advice: 3, pass: 4 };

/** For sorting: failures first, then warnings and unknown answers, then what passed. */
export function problemsFirst(a: Pick<CheckResult, 'status'>, b: Pick<CheckResult, 'status'>): number {
  return ORDER[a.status] - ORDER[b.status];
}

export type Report = (id: string, status: CheckStatus, summary: string, detail?: string) => CheckResult;

/** Makes results that name the resolver. */
export function reporter(resolver: DnsResolver): Report {
  return (id, status, summary, detail) =>
    detail === undefined ? { id, status, summary, resolver: resolver.label } : { id, status, summary, detail, resolver: resolver.label };
}
