import { inNetwork, ipFamily } from '../../../dms/dns-ip.js';
import { isWithin, normalName } from '../../../dms/dns-name.js';
import { joinedTxt } from '../../../dms/dns-txt.js';
import { expandMacros, isSpfRecord, parseSpf, type SpfMechanism, type SpfQualifier } from '../../../dms/spf.js';
import { resolveAddresses, unknownReason, type DnsResolver } from '../resolver.js';
import { forwardConfirmedNames } from './ptr.js';

/**
 * SPF evaluation (RFC 7208 §4–5) of one IP through a resolver: mechanisms in order, include and redirect followed,
 * DNS-querying terms and void lookups counted, include loops caught.
 */

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfEvaluation {
  result: SpfResult;
  /** DNS-querying terms evaluated (include, a, mx, ptr, exists, redirect), through every level. */
  lookups: number;
  /** Of those, the lookups that found nothing (NXDOMAIN or no records). */
  voidLookups: number;
  /** The term that decided, with the domain it is in. */
  decidedBy?: string;
  /** What went wrong below the top record (a loop, an include without SPF, a syntax error, an unanswered query). */
  problem?: string;
}

export const LOOKUP_LIMIT = 10;
export const VOID_LOOKUP_LIMIT = 2;
/** RFC 7208 §4.6.4: an mx mechanism with more MX names than this is a permerror. */
const MX_NAME_LIMIT = 10;
/** Beyond this many lookups the walk stops: the record is long past broken. */
const RUNAWAY_LOOKUPS = 40;

const QUALIFIER_RESULT: Readonly<Record<SpfQualifier, SpfResult>> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

type Verdict = Pick<SpfEvaluation, 'result' | 'decidedBy' | 'problem'>;

interface Walk {
  resolver: DnsResolver;
  ip: string;
  helo: string;
  sender: string;
  lookups: number;
  voids: number;
}

/** Evaluates the SPF policy of `domain` for mail from `ip` sent by a server greeting as `helo`. */
export async function evaluateSpf(resolver: DnsResolver, domain: string, ip: string, helo: string): Promise<SpfEvaluation> {
  const walk: Walk = { resolver, ip, helo, sender: `postmaster@${normalName(domain)}`, lookups: 0, voids: 0 };
  const verdict = await checkHost(walk, normalName(domain), []);
  const counts = { lookups: walk.lookups, voidLookups: walk.voids };
  const overLimit = walk.lookups > LOOKUP_LIMIT || walk.voids > VOID_LOOKUP_LIMIT;
  if (overLimit && verdict.result !== 'temperror') return { ...verdict, ...counts, result: 'permerror' };
  return { ...verdict, ...counts };
}

const permerror = (problem: string): Verdict => ({ result: 'permerror', problem });

async function checkHost(walk: Walk, domain: string, path: readonly string[]): Promise<Verdict> {
  if (path.includes(domain)) return permerror(`include loop: ${[...path, domain].join(' → ')}`);
  const found = await spfRecordOf(walk, domain, path.length > 0);
  if (typeof found !== 'string') return found;
  const parsed = parseSpf(found);
  if (!parsed.ok) return permerror(`the SPF record of ${domain} is invalid: ${parsed.problem}`);
  const trail = [...path, domain];
  for (const mechanism of parsed.record.mechanisms) {
    const outcome = await matches(walk, mechanism, domain, trail);
    if (typeof outcome !== 'boolean') return outcome;
    if (outcome) return { result: QUALIFIER_RESULT[mechanism.qualifier], decidedBy: `${mechanism.text} in ${domain}` };
    if (walk.lookups > RUNAWAY_LOOKUPS) return permerror(`more than ${RUNAWAY_LOOKUPS} DNS lookups: evaluation stopped`);
  }
  const redirect = parsed.record.redirect;
  if (redirect === undefined || parsed.record.mechanisms.some((m) => m.kind === 'all'))
    return { result: 'neutral', decidedBy: `no term matched in ${domain}` };
  walk.lookups += 1;
  const target = expand(walk, redirect, domain);
  const verdict = await checkHost(walk, target, trail);
  return verdict.result === 'none' ? permerror(`redirect=${target}: ${target} has no SPF record`) : verdict;
}

/** The one SPF record of a domain, or the verdict when there is none, several, or no answer. */
async function spfRecordOf(walk: Walk, domain: string, nested: boolean): Promise<string | Verdict> {
  const answer = await walk.resolver.resolveTxt(domain);
  if (answer.kind === 'unknown') return { result: 'temperror', problem: `TXT ${domain}: ${unknownReason(answer)}` };
  if (answer.kind === 'void' && nested) walk.voids += 1;
  const records = answer.kind === 'records' ? joinedTxt(answer.records).filter(isSpfRecord) : [];
  if (records.length > 1) return permerror(`${domain} publishes ${records.length} SPF records`);
  return records[0] ?? { result: 'none', problem: `${domain} has no SPF record` };
}

function expand(walk: Walk, spec: string, domain: string): string {
  return normalName(expandMacros(spec, { sender: walk.sender, domain, ip: walk.ip, helo: walk.helo }));
}

/** Whether a mechanism matches the IP, or the verdict that ends evaluation (temperror, permerror). */
async function matches(walk: Walk, mechanism: SpfMechanism, domain: string, trail: readonly string[]): Promise<boolean | Verdict> {
  if (mechanism.kind === 'all') return true;
  if (mechanism.kind === 'ip4' || mechanism.kind === 'ip6') return inPrefix(walk.ip, mechanism.network ?? '', mechanism);
  walk.lookups += 1;
  const target = expand(walk, mechanism.domain ?? domain, domain);
  switch (mechanism.kind) {
    case 'include':
      return includeMatches(walk, target, trail);
    case 'a':
      return addressesMatch(walk, target, mechanism, true);
    case 'mx':
      return mxMatches(walk, target, mechanism);
    case 'ptr':
      return ptrMatches(walk, target);
    case 'exists':
      return existsMatches(walk, target);
  }
}

function inPrefix(ip: string, network: string, mechanism: SpfMechanism): boolean {
  return inNetwork(ip, network, ipFamily(ip) === 4 ? mechanism.prefix4 : mechanism.prefix6);
}

async function includeMatches(walk: Walk, target: string, trail: readonly string[]): Promise<boolean | Verdict> {
  const verdict = await checkHost(walk, target, trail);
  if (verdict.result === 'pass') return true;
  if (verdict.result === 'none') return permerror(`include:${target}: ${target} has no SPF record`);
  if (verdict.result === 'permerror' || verdict.result === 'temperror') return verdict;
  return false;
}

/** `a` (and each host of `mx`): one of the name's addresses is in the IP's prefix. */
async function addressesMatch(walk: Walk, name: string, mechanism: SpfMechanism, countsVoid: boolean): Promise<boolean | Verdict> {
  const answer = await resolveAddresses(walk.resolver, name, ipFamily(walk.ip) ?? 4);
  if (answer.kind === 'unknown') return { result: 'temperror', problem: `${name}: ${unknownReason(answer)}` };
  if (answer.kind === 'void') {
    if (countsVoid) walk.voids += 1;
    return false;
  }
  return answer.records.some((address) => inPrefix(walk.ip, address, mechanism));
}

async function mxMatches(walk: Walk, target: string, mechanism: SpfMechanism): Promise<boolean | Verdict> {
  const answer = await walk.resolver.resolveMx(target);
  if (answer.kind === 'unknown') return { result: 'temperror', problem: `MX ${target}: ${unknownReason(answer)}` };
  if (answer.kind === 'void') {
    walk.voids += 1;
    return false;
  }
  if (answer.records.length > MX_NAME_LIMIT)
    return permerror(`mx:${target} has ${answer.records.length} MX names (limit ${MX_NAME_LIMIT})`);
  for (const { exchange } of [...answer.records].sort((a, b) => a.priority - b.priority)) {
    if (normalName(exchange) === '') continue;
    const outcome = await addressesMatch(walk, exchange, mechanism, false);
    if (outcome !== false) return outcome;
  }
  return false;
}

async function ptrMatches(walk: Walk, target: string): Promise<boolean | Verdict> {
  const found = await forwardConfirmedNames(walk.resolver, walk.ip);
  if (found.kind === 'unknown') return false;
  if (found.ptr.length === 0) walk.voids += 1;
  return found.confirmed.some((name) => isWithin(name, target));
}

async function existsMatches(walk: Walk, target: string): Promise<boolean | Verdict> {
  const answer = await walk.resolver.resolve4(target);
  if (answer.kind === 'unknown') return { result: 'temperror', problem: `exists:${target}: ${unknownReason(answer)}` };
  if (answer.kind === 'void') walk.voids += 1;
  return answer.kind === 'records';
}
