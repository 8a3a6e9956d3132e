import { getDomain } from 'tldts';
import { normalName } from './dns-name.js';

/**
 * The organisational domain of RFC 7489 §3.2 from the Public Suffix List (its private section too: one github.io
 * site is not another's organisation). A name that is itself a public suffix is its own organisational domain.
 */
export function organisationalDomain(name: string): string {
  const normal = normalName(name);
  return getDomain(normal, { allowPrivateDomains: true }) ?? normal;
}

export function sameOrganisation(a: string, b: string): boolean {
  return organisationalDomain(a) === organisationalDomain(b);
}
