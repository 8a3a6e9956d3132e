import { createHash } from 'node:crypto';
import { normalName } from './dns-name.js';

/** MTA-STS (RFC 8461): the policy file served over HTTPS, its URL, and the id of its `_mta-sts` TXT record. */

export type MtaStsMode = 'enforce' | 'testing' | 'none';

/** A week: long enough to protect, short enough to change course (RFC 8461 allows up to a year). */
export const DEFAULT_MAX_AGE = 604_800;
export const MAX_MAX_AGE = 31_557_600;

export interface MtaStsPolicy {
  version?: string;
  mode?: string;
  maxAge?: number;
  mx: string[];
}

export function mtaStsPolicyUrl(domain: string): string {
  return `https://mta-sts.${normalName(domain)}/.well-known/mta-sts.txt`;
}

/** The policy file for a domain whose mail goes to the given MX hosts, and the URL it must be served at. */
export function mtaStsPolicy(options: { domain: string; mx: string[]; mode: MtaStsMode; maxAge?: number }): { url: string; text: string } {
  const lines = [
    'version: STSv1',
    `mode: ${options.mode}`,
    ...options.mx.map((host) => `mx: ${normalName(host)}`),
    `max_age: ${options.maxAge ?? DEFAULT_MAX_AGE}`,
  ];
  return { url: mtaStsPolicyUrl(options.domain), text: `${lines.join('\r\n')}\r\n` };
}

/** An id for the TXT record that changes whenever the policy text does (1–32 letters and digits). */
export function mtaStsId(policyText: string): string {
  return createHash('sha256').update(policyText).digest('hex').slice(0, 20);
}

/** The fields of a policy file and what is wrong with it (version, mode, max_age, mx, as RFC 8461 §3.2 defines them). */
export function parseMtaStsPolicy(text: string): { policy: MtaStsPolicy; problems: string[] } {
  const policy: MtaStsPolicy = { mx: [] };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const key = colon < 0 ? '' : line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (colon < 0 || key === '') {
      problems.push(`'${line}' is not a key: value line`);
      continue;
    }
    if (key !== 'mx' && seen.has(key)) problems.push(`${key} appears twice`);
    seen.add(key);
    readField(policy, key, value, problems);
  }
  problems.push(...missingFields(policy));
  return { policy, problems };
}

function readField(policy: MtaStsPolicy, key: string, value: string, problems: string[]): void {
  if (key === 'version') {
    policy.version = value;
    if (value !== 'STSv1') problems.push(`version is '${value}', expected STSv1`);
  } else if (key === 'mode') {
    policy.mode = value;
    if (!['enforce', 'testing', 'none'].includes(value)) problems.push(`mode '${value}' is not enforce, testing or none`);
  } else if (key === 'max_age') {
    if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_MAX_AGE)
      problems.push(`max_age '${value}' is not a number of seconds up to ${MAX_MAX_AGE}`);
    else policy.maxAge = Number(value);
  } else if (key === 'mx') {
    if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\.?$/.test(value)) problems.push(`mx '${value}' is not a host name or *.domain pattern`);
    else policy.mx.push(normalName(value));
  }
}

function missingFields(policy: MtaStsPolicy): string[] {
  const missing: string[] = [];
  if (policy.version === undefined) missing.push('version: STSv1 is missing');
  if (policy.mode === undefined) missing.push('mode is missing');
  if (policy.maxAge === undefined) missing.push('max_age is missing');
  if (policy.mx.length === 0 && policy.mode !== 'none') missing.push('no mx line: senders cannot match any MX');
  return missing;
}

/** Whether an `mx:` pattern covers a host: exactly, or `*.example.com` for one more label on the left. */
export function mxPatternCovers(pattern: string, host: string): boolean {
  const name = normalName(host);
  const wanted = normalName(pattern);
  if (!wanted.startsWith('*.')) return name === wanted;
  const dot = name.indexOf('.');
  return dot > 0 && name.slice(dot + 1) === wanted.slice(2);
}
