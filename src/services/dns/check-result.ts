import type { DnsResolver } from './resolver.js';

/** What every DNS check returns: one result per rule, with the resolver that answered it. */

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export interface CheckResult {
  /** The rule, e.g. `spf.lookups`, `dkim.key`, `ptr.ipv4`. */
  id: string;
  status: CheckStatus;
  /** One line for a list. */
  summary: string;
  /** What to do about it, or the record as found. */
  detail?: string;
  /** Which resolver gave the answers. */
  resolver: string;
}

/** 0 all passed; 1 warnings or unknown answers; 2 at least one failure. */
export type ExitStatus = 0 | 1 | 2;

export function exitStatus(results: readonly CheckResult[]): ExitStatus {
  if (results.some((r) => r.status === 'fail')) return 2;
  return results.some((r) => r.status === 'warn' || r.status === 'unknown') ? 1 : 0;
}

const ORDER: Readonly<Record<CheckStatus, number>> = { fail: 0, warn: 1, unknown: 2, pass: 3 };

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
