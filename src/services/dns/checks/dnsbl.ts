import { inNetwork, ipFamily, reversedLabels } from '../../../dms/dns-ip.js';
import { normalName } from '../../../dms/dns-name.js';
import { joinedTxt } from '../../../dms/dns-txt.js';
import { reporter, type CheckResult } from '../check-result.js';
import { unknownReason, type DnsResolver } from '../resolver.js';

/**
 * DNSBL rules: the server's IPs and the mail domains against common block lists. A list answers an A record in
 * 127.0.0.0/8 when it lists the name; 127.255.255.x (Spamhaus: refused, rate-limited, open resolver), a list's own
 * refusal codes, answers outside 127/8 and unanswered queries are "unknown", never "listed".
 */

export interface Dnsbl {
  zone: string;
  /** What it lists: IP addresses or domain names. */
  lists: 'ip' | 'domain';
  /** Whether it lists IPv6 addresses. */
  ipv6?: boolean;
  /** Its answers that mean "your query was refused" (beside 127.255.255.x). */
  refusals?: readonly string[];
}

export const DEFAULT_DNSBLS: readonly Dnsbl[] = [
  { zone: 'zen.spamhaus.org', lists: 'ip', ipv6: true },
  { zone: 'bl.spamcop.net', lists: 'ip' },
  { zone: 'b.barracudacentral.org', lists: 'ip' },
  { zone: 'psbl.surriel.com', lists: 'ip' },
  { zone: 'dbl.spamhaus.org', lists: 'domain', refusals: ['127.0.1.255'] },
  { zone: 'multi.surbl.org', lists: 'domain', refusals: ['127.0.0.1'] },
  { zone: 'multi.uribl.com', lists: 'domain', refusals: ['127.0.0.1'] },
];

const ERROR_CODES: Readonly<Record<string, string>> = {
  '127.255.255.252': 'typing error in the list name',
  '127.255.255.254': 'queries through public or open resolvers are refused',
  '127.255.255.255': 'too many queries (rate-limited)',
};

export type Subject = { ip: string } | { domain: string };

type Listing =
  | { zone: string; verdict: 'clean' }
  | { zone: string; verdict: 'listed'; codes: string[]; reason?: string }
  | { zone: string; verdict: 'unknown'; why: string };

/** The name to look up: reversed IP labels or the domain, under the list's zone. */
export function dnsblQueryName(subject: Subject, list: Dnsbl): string {
  return `${'ip' in subject ? reversedLabels(subject.ip) : normalName(subject.domain)}.${list.zone}`;
}

/** Sorts a list's answer addresses into listing codes and "the list did not really answer". */
export function classifyListing(addresses: readonly string[], list: Dnsbl): { listed: string[]; refused: string[] } {
  const refused = addresses.filter(
    (a) => inNetwork(a, '127.255.255.0', 24) || !inNetwork(a, '127.0.0.0', 8) || (list.refusals ?? []).includes(a),
  );
  return { listed: addresses.filter((a) => !refused.includes(a)), refused };
}

export function listsFor(subject: Subject, lists: readonly Dnsbl[]): Dnsbl[] {
  if ('domain' in subject) return lists.filter((l) => l.lists === 'domain');
  return lists.filter((l) => l.lists === 'ip' && (ipFamily(subject.ip) === 4 || l.ipv6 === true));
}

export async function checkDnsbl(
  resolver: DnsResolver,
  subject: Subject,
  lists: readonly Dnsbl[] = DEFAULT_DNSBLS,
): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const applicable = listsFor(subject, lists);
  if (applicable.length === 0) return [];
  const id = 'domain' in subject ? 'dnsbl.domain' : ipFamily(subject.ip) === 6 ? 'dnsbl.ipv6' : 'dnsbl.ipv4';
  const what = 'domain' in subject ? normalName(subject.domain) : subject.ip;
  const listings = await Promise.all(applicable.map((list) => lookUp(resolver, subject, list)));
  const listed = listings.filter((l) => l.verdict === 'listed');
  const unknown = listings.filter((l) => l.verdict === 'unknown');
  const clean = listings.filter((l) => l.verdict === 'clean');
  const unanswered = unknown.map((l) => `${l.zone}: ${l.why}`);
  if (listed.length > 0) {
    const detail = [...listed.map((l) => `${l.zone}: ${l.codes.join(', ')}${l.reason ? ` (${l.reason})` : ''}`), ...unanswered].join('\n');
    return [report(id, 'fail', `${what} is listed on ${listed.map((l) => l.zone).join(', ')}`, detail)];
  }
  if (clean.length === 0) return [report(id, 'unknown', `could not check ${what} on any block list`, unanswered.join('\n'))];
  const partial = unknown.length > 0 ? ` (${unknown.length} more did not answer)` : '';
  return [
    report(id, 'pass', `${what} is not listed on ${clean.map((l) => l.zone).join(', ')}${partial}`, unanswered.join('\n') || undefined),
  ];
}

async function lookUp(resolver: DnsResolver, subject: Subject, list: Dnsbl): Promise<Listing> {
  const name = dnsblQueryName(subject, list);
  const answer = await resolver.resolve4(name);
  if (answer.kind === 'void') return { zone: list.zone, verdict: 'clean' };
  if (answer.kind === 'unknown') return { zone: list.zone, verdict: 'unknown', why: unknownReason(answer) };
  const { listed, refused } = classifyListing(answer.records, list);
  if (listed.length === 0) {
    return {
      zone: list.zone,
      verdict: 'unknown',
      why: refused.map((a) => `${a} (${ERROR_CODES[a] ?? 'not a listing answer'})`).join(', '),
    };
  }
  const txt = await resolver.resolveTxt(name);
  const reason = txt.kind === 'records' ? joinedTxt(txt.records).join(' ') : undefined;
  return reason ? { zone: list.zone, verdict: 'listed', codes: listed, reason } : { zone: list.zone, verdict: 'listed', codes: listed };
}
