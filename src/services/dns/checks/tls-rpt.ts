import { normalName } from '../../../dms/dns-name.js';
import { parseTagList } from '../../../dms/dns-txt.js';
import { parseReportUris } from '../../../dms/report-uri.js';
import { reporter, type CheckResult } from '../check-result.js';
import type { DnsResolver } from '../resolver.js';
import { singleRecord, versionedTxt } from '../txt-lookup.js';

/** TLS-RPT rules (RFC 8460 §3): one record at `_smtp._tls`, v=TLSRPTv1 first, and rua= with mailto: or https: URIs. */

const TLSRPT_VERSION = /^v=TLSRPTv1\s*(;|$)/;

export async function checkTlsRpt(resolver: DnsResolver, domain: string): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const name = `_smtp._tls.${normalName(domain)}`;
  const rule = {
    id: 'tls-rpt.record',
    what: `the TLS-RPT record at ${name}`,
    missing: 'advice' as const,
    advice: 'without it you do not hear when senders fail to reach you over TLS',
  };
  const one = singleRecord(await versionedTxt(resolver, name, TLSRPT_VERSION), report, rule);
  if (one.record === undefined) return [one.result];
  const tags = parseTagList(one.record);
  const rua = tags.tags.get('rua');
  const problems = [
    ...tags.problems,
    ...(rua === undefined ? ['there is no rua= (where to send reports)'] : parseReportUris(rua, ['mailto', 'https']).problems),
  ];
  if (problems.length > 0)
    return [one.result, report('tls-rpt.syntax', 'fail', `the TLS-RPT record of ${domain} is invalid: ${problems[0]}`, one.record)];
  return [one.result, report('tls-rpt.syntax', 'pass', `TLS reports for ${domain} go to ${rua ?? ''}`)];
}
