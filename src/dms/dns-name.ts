/** Domain names compare case-insensitively and without the root's trailing dot. */
export function normalName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return normalName(a) === normalName(b);
}

/** Whether `name` is `parent` or lies below it. */
export function isWithin(name: string, parent: string): boolean {
  const child = normalName(name);
  const base = normalName(parent);
  return child === base || child.endsWith(`.${base}`);
}

/** The absolute form a zone file wants: `mail.example.com.` */
export function absolute(name: string): string {
  return `${normalName(name)}.`;
}

/** Second-level labels that country-code registries sell names under (example.co.uk, example.com.au). */
const COUNTRY_SECOND_LEVELS = new Set(['co', 'com', 'net', 'org', 'ac', 'gov', 'edu', 'ne', 'or', 'gv', 'ltd', 'plc']);

/**
 * A guess at the organisational domain (RFC 7489 §3.2) without the Public Suffix List: the last two labels, or three
 * under a country code's usual second level (example.co.uk).
 */
export function organisationalDomain(name: string): string {
  const labels = normalName(name).split('.');
  const [second = '', top = ''] = labels.slice(-2);
  const keep = top.length === 2 && COUNTRY_SECOND_LEVELS.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

export function sameOrganisation(a: string, b: string): boolean {
  return organisationalDomain(a) === organisationalDomain(b);
}
