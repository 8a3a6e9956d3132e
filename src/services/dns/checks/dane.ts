import { normalName } from '../../../dms/dns-name.js';
import { associationData, DANE_EE, formatTlsa, matchTlsa, tlsaUnusable, type TlsaRecord } from '../../../dms/dns-tlsa.js';
import { sanitizeForTerminal } from '../../../dms/terminal-text.js';
import type { CheckResult, Report } from '../check-result.js';
import { unknownReason, type Answer, type DnsResolver, type DnssecAnswer } from '../resolver.js';
import { dnssecResults } from './dnssec.js';

/**
 * DANE for inbound mail (RFC 7672): TLSA records at `_25._tcp.<MX host>` count only in a signed zone, and one usable
 * record must match the certificate the server presents on port 25. Without TLSA records, DANE is simply not used.
 */

export interface DaneLookups {
  fqdn: string;
  tlsa: Answer<TlsaRecord>;
  dnssec: DnssecAnswer;
}

/** What port 25 served: the chain (DER, leaf first), or why there is none. */
export type ServedChain = { chain: Buffer[] } | { error: string };

export function tlsaName(fqdn: string): string {
  return `_25._tcp.${normalName(fqdn)}`;
}

/** The two lookups DANE needs, asked at once; judge them with `daneResults` when the certificate is known. */
export async function lookUpDane(resolver: DnsResolver, fqdn: string): Promise<DaneLookups> {
  const name = tlsaName(fqdn);
  const [tlsa, dnssec] = await Promise.all([resolver.resolveTlsa(name), resolver.dnssec(name)]);
  return { fqdn: normalName(fqdn), tlsa, dnssec };
}

export function daneResults(report: Report, lookups: DaneLookups, served: ServedChain): CheckResult[] {
  const { fqdn, tlsa, dnssec } = lookups;
  const name = tlsaName(fqdn);
  const published = tlsa.kind === 'records';
  const zone = dnssecResults(report, { name, what: `the zone of ${name}`, daneDepends: published }, dnssec);
  if (tlsa.kind === 'unknown') {
    return [report('dane.tlsa', 'unknown', `could not look up the TLSA records at ${name}`, unknownReason(tlsa)), ...zone];
  }
  if (tlsa.kind === 'void') return [report('dane.tlsa', 'pass', `DANE is not published (no TLSA at ${name}); it is optional`), ...zone];
  return [tlsaResult(report, name, tlsa.records, dnssec), ...zone, matchResult(report, fqdn, tlsa.records, served)];
}

function tlsaResult(report: Report, name: string, records: readonly TlsaRecord[], dnssec: DnssecAnswer): CheckResult {
  const listed = records.map((r) => `${name}. TLSA ${formatTlsa(r)}`).join('\n');
  if (dnssec.kind === 'unknown') {
    return report('dane.tlsa', 'unknown', `${name} has TLSA records, but could not tell whether its zone is DNSSEC-signed`, listed);
  }
  if (!dnssec.signed) {
    return report(
      'dane.tlsa',
      'fail',
      `TLSA without DNSSEC is ignored by senders: ${name} has TLSA records in an unsigned zone`,
      `sign the zone (and publish its DS record at the parent), or remove them:\n${listed}`,
    );
  }
  const count = records.length === 1 ? 'a TLSA record' : `${records.length} TLSA records`;
  return report('dane.tlsa', 'pass', `${name} publishes ${count} in a signed zone`, listed);
}

function matchResult(report: Report, fqdn: string, records: readonly TlsaRecord[], served: ServedChain): CheckResult {
  const name = tlsaName(fqdn);
  const unusable = records.flatMap((r) => {
    const why = tlsaUnusable(r);
    return why ? [`${short(r)}: ${why}`] : [];
  });
  const usable = records.filter((r) => tlsaUnusable(r) === undefined);
  if (usable.length === 0) {
    const summary = `none of the TLSA records at ${name} is usable: senders fall back to TLS without authentication`;
    return report('dane.match', 'warn', summary, unusable.join('\n'));
  }
  if ('error' in served) {
    const summary = 'could not get the certificate served on port 25 to compare with the TLSA records';
    return report('dane.match', 'unknown', summary, sanitizeForTerminal(served.error));
  }
  const outcomes = usable.map((record) => ({ record, outcome: matchTlsa(record, served.chain, fqdn) }));
  const match = outcomes.find((o) => o.outcome.kind === 'match');
  if (match) return report('dane.match', 'pass', `the certificate on port 25 matches TLSA ${short(match.record)}`);
  const broken = outcomes.flatMap(({ record, outcome }) => (outcome.kind === 'broken' ? [`${short(record)}: ${outcome.why}`] : []));
  const leaf = served.chain[0];
  const expected = leaf ? [`the served certificate's key: ${name}. TLSA ${DANE_EE} 1 1 ${associationData(leaf, 1, 1)}`] : [];
  return report(
    'dane.match',
    'fail',
    `no TLSA record at ${name} matches the certificate served on port 25: senders using DANE will not deliver`,
    [...broken, ...unusable, ...expected].join('\n'),
  );
}

/** `3 1 1 4f2b8c0d9e1a…` */
function short(record: TlsaRecord): string {
  const text = formatTlsa(record);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
