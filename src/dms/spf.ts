import { isIP } from 'node:net';
import { ipFamily, reversedLabels } from './dns-ip.js';

/** SPF record syntax (RFC 7208 §4.6, §5, §6, §7): parsing terms and expanding macros. Evaluation lives in services/dns. */

export type SpfQualifier = '+' | '-' | '~' | '?';
export type SpfMechanismKind = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface SpfMechanism {
  /** The term as written, e.g. `-all`, `include:_spf.example.net`, `a:mail.example.com/24`. */
  text: string;
  qualifier: SpfQualifier;
  kind: SpfMechanismKind;
  /** The domain-spec (may hold macros); absent for a, mx and ptr means the domain being checked. */
  domain?: string;
  /** ip4/ip6: the network address. */
  network?: string;
  /** The prefix lengths that a, mx, ip4 and ip6 compare with (32 and 128 when not written). */
  prefix4: number;
  prefix6: number;
}

export interface SpfRecord {
  mechanisms: SpfMechanism[];
  redirect?: string;
  exp?: string;
}

export type SpfParse = { ok: true; record: SpfRecord } | { ok: false; problem: string };

/** The terms that make a DNS query, and so count against the limit of 10 (RFC 7208 §4.6.4). */
export const DNS_QUERYING = new Set<string>(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

export const SPF_VERSION = /^v=spf1( |$)/i;

export function isSpfRecord(text: string): boolean {
  return SPF_VERSION.test(text);
}

const MODIFIER = /^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/;
const MECHANISM = /^([+\-~?]?)([A-Za-z][A-Za-z0-9]*)(.*)$/;
const DUAL_CIDR = /(?:\/(\d+))?(?:\/\/(\d+))?$/;
const PREFIX = /^(0|[1-9]\d{0,2})$/;

export function parseSpf(text: string): SpfParse {
  const [version, ...terms] = text.trim().split(/ +/);
  if (!version || !/^v=spf1$/i.test(version)) return { ok: false, problem: 'the record does not start with v=spf1' };
  const record: SpfRecord = { mechanisms: [] };
  for (const term of terms) {
    const problem = MODIFIER.test(term) ? addModifier(record, term) : addMechanism(record, term);
    if (problem) return { ok: false, problem };
  }
  return { ok: true, record };
}

function addModifier(record: SpfRecord, term: string): string | undefined {
  const [, rawName = '', value = ''] = MODIFIER.exec(term) ?? [];
  const lowered = rawName.toLowerCase();
  if (lowered !== 'redirect' && lowered !== 'exp') {
    const problem = macroStringProblem(value, false);
    return problem && `'${term}': ${problem}`;
  }
  const name: 'redirect' | 'exp' = lowered;
  if (record[name] !== undefined) return `the modifier ${name}= appears twice`;
  const problem = domainSpecProblem(value, name === 'exp');
  if (problem) return `'${term}': ${problem}`;
  record[name] = value;
  return undefined;
}

function addMechanism(record: SpfRecord, term: string): string | undefined {
  const [, qualifier = '', rawKind = '', rest = ''] = MECHANISM.exec(term) ?? [];
  const kind = rawKind.toLowerCase();
  const base = { text: term, qualifier: (qualifier || '+') as SpfQualifier, prefix4: 32, prefix6: 128 };
  const parsed = parseMechanism(kind, rest);
  if (typeof parsed === 'string') return `'${term}': ${parsed}`;
  record.mechanisms.push({ ...base, ...parsed });
  return undefined;
}

type MechanismParts = Omit<SpfMechanism, 'text' | 'qualifier' | 'prefix4' | 'prefix6'> & Partial<SpfMechanism>;

/** The parts of a mechanism after its name, or a problem. */
function parseMechanism(kind: string, rest: string): MechanismParts | string {
  switch (kind) {
    case 'all':
      return rest === '' ? { kind } : 'all takes no argument';
    case 'include':
    case 'exists':
      return rest.startsWith(':') ? withDomain(kind, rest.slice(1)) : `${kind} needs a domain (${kind}:example.com)`;
    case 'ptr':
      return rest === '' ? { kind } : rest.startsWith(':') ? withDomain(kind, rest.slice(1)) : 'ptr takes :domain';
    case 'a':
    case 'mx':
      return hostMechanism(kind, rest);
    case 'ip4':
    case 'ip6':
      return ipMechanism(kind, rest);
    default:
      return `unknown mechanism '${kind}'`;
  }
}

function withDomain(kind: SpfMechanismKind, domain: string): MechanismParts | string {
  return domainSpecProblem(domain, false) ?? { kind, domain };
}

function hostMechanism(kind: 'a' | 'mx', rest: string): MechanismParts | string {
  const cidr = DUAL_CIDR.exec(rest);
  const domainPart = rest.slice(0, cidr?.index ?? rest.length);
  const [prefix4 = '32', prefix6 = '128'] = [cidr?.[1], cidr?.[2]];
  if (!PREFIX.test(prefix4) || !PREFIX.test(prefix6) || Number(prefix4) > 32 || Number(prefix6) > 128) return 'invalid prefix length';
  const prefixes = { prefix4: Number(prefix4), prefix6: Number(prefix6) };
  if (domainPart === '') return { kind, ...prefixes };
  if (!domainPart.startsWith(':')) return `${kind} takes :domain and /prefix`;
  const withSpec = withDomain(kind, domainPart.slice(1));
  return typeof withSpec === 'string' ? withSpec : { ...withSpec, ...prefixes };
}

function ipMechanism(kind: 'ip4' | 'ip6', rest: string): MechanismParts | string {
  const [network = '', prefix, extra] = rest.replace(/^:/, '').split('/');
  const family = kind === 'ip4' ? 4 : 6;
  if (!rest.startsWith(':') || isIP(network) !== family || extra !== undefined) return `not an IPv${family} address or network`;
  const max = family === 4 ? 32 : 128;
  if (prefix !== undefined && (!PREFIX.test(prefix) || Number(prefix) > max)) return `invalid prefix length (0–${max})`;
  const length = prefix === undefined ? max : Number(prefix);
  return { kind, network, ...(family === 4 ? { prefix4: length } : { prefix6: length }) };
}

const MACRO = /%\{([A-Za-z])(\d*)(r?)([.\-+,/_=]*)\}|%[%_-]/gi;
const DOMAIN_LETTERS = 'slodiphv';
const EXP_LETTERS = `${DOMAIN_LETTERS}crt`;

/** Why a macro-string (RFC 7208 §7.1) is invalid, or undefined. */
function macroStringProblem(text: string, inExplanation: boolean): string | undefined {
  const letters = inExplanation ? EXP_LETTERS : DOMAIN_LETTERS;
  for (const match of text.matchAll(MACRO)) {
    const letter = match[1]?.toLowerCase();
    if (letter !== undefined && !letters.includes(letter)) return `unknown macro letter %{${match[1]}}`;
  }
  const literal = text.replace(MACRO, '');
  if (literal.includes('%')) return 'a % that starts no macro (write %% for a percent sign)';
  if (/[^\x21-\x7e]/.test(literal)) return 'white space or non-ASCII characters';
  return undefined;
}

const TOPLABEL = /^(?=.*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

function domainSpecProblem(spec: string, inExplanation: boolean): string | undefined {
  if (spec === '') return 'the domain is empty';
  const macroProblem = macroStringProblem(spec, inExplanation);
  if (macroProblem) return macroProblem;
  if (/%\{[^}]*\}$/.test(spec)) return undefined;
  const labels = spec.replace(/\.$/, '').split('.');
  const top = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && TOPLABEL.test(top) ? undefined : `'${spec}' is not a domain name`;
}

/** What macros expand to while checking one IP (RFC 7208 §7.2). */
export interface MacroContext {
  /** The envelope sender, `postmaster@domain` when checking the domain itself. */
  sender: string;
  /** The domain being checked at this level (it changes through include and redirect). */
  domain: string;
  ip: string;
  /** The HELO name of the sending server. */
  helo: string;
}

/** The domain-spec with its macros expanded; too long a result loses labels from the left, as §7.3 says. */
export function expandMacros(spec: string, context: MacroContext): string {
  const expanded = spec.replace(MACRO, (whole, letter?: string, digits?: string, reverse?: string, delimiters?: string) => {
    if (letter === undefined) return { '%%': '%', '%_': ' ', '%-': '%20' }[whole] ?? whole;
    const value = macroValue(letter.toLowerCase(), context);
    const parts = value.split(new RegExp(`[${escapeClass(delimiters || '.')}]`));
    const ordered = reverse ? parts.reverse() : parts;
    const kept = digits && Number(digits) > 0 ? ordered.slice(-Number(digits)) : ordered;
    const text = kept.join('.');
    return letter === letter.toUpperCase() ? encodeURIComponent(text) : text;
  });
  return shortened(expanded.replace(/\.$/, ''));
}

function macroValue(letter: string, context: MacroContext): string {
  const at = context.sender.lastIndexOf('@');
  const values: Record<string, string> = {
    s: context.sender,
    l: context.sender.slice(0, at),
    o: context.sender.slice(at + 1),
    d: context.domain,
    i: reversedLabels(context.ip).split('.').reverse().join('.'),
    p: 'unknown',
    v: ipFamily(context.ip) === 4 ? 'in-addr' : 'ip6',
    h: context.helo,
  };
  return values[letter] ?? '';
}

function escapeClass(characters: string): string {
  return characters.replace(/[-\\\]^/]/g, (c) => `\\${c}`);
}

function shortened(domain: string): string {
  let labels = domain.split('.');
  while (labels.join('.').length > 253 && labels.length > 1) labels = labels.slice(1);
  return labels.join('.');
}
