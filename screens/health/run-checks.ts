import { gatherServerFacts } from '../../src/services/check/server-facts.js';
import { runFullCheck, type FullReport } from '../../src/services/check/run-all.js';
import { problemsFirst, type CheckResult } from '../../src/services/dns/check-result.js';
import { createNodeResolver } from '../../src/services/dns/resolver.js';
import type { MailServer } from '../../src/services/mail-server.js';

export interface CheckLine {
  group: string;
  result: CheckResult;
}

/**
 * Every check of `mailwiz check`, problems first; DNS from the system's resolver, or from MAILWIZ_RESOLVER
 * (`IP[:PORT]`) when set.
 */
export async function runHealthChecks(server: MailServer): Promise<{ report: FullReport; lines: CheckLine[] }> {
  const facts = await gatherServerFacts(server.target);
  const report = await runFullCheck(facts, { resolver: createNodeResolver({ server: process.env.MAILWIZ_RESOLVER || undefined }) });
  const lines = report.groups
    .flatMap((group) => group.results.map((result) => ({ group: group.title, result })))
    .sort((a, b) => problemsFirst(a.result, b.result));
  return { report, lines };
}
