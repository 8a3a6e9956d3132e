/**
 * Entries of `ldapsearch -LLL` output (RFC 2849 content records): a `dn:` line, then `attribute: value` lines;
 * `attribute:: base64` for values that are not plain ASCII; a line starting with one space continues the one
 * before; entries are separated by blank lines. Attribute names are kept lower case (LDAP compares them so);
 * `:<` URL values are not followed.
 */

export interface LdifEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    if (raw.startsWith(' ') && lines.length > 0 && lines[lines.length - 1] !== '') lines[lines.length - 1] += raw.slice(1);
    else lines.push(raw);
  }
  return lines;
}

function valueOf(line: string): [string, string] | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const name = line.slice(0, colon).toLowerCase();
  const rest = line.slice(colon + 1);
  if (rest.startsWith(':')) return [name, Buffer.from(rest.slice(1).trim(), 'base64').toString('utf8')];
  if (rest.startsWith('<')) return undefined;
  return [name, rest.replace(/^ /, '')];
}

export function parseLdif(text: string): LdifEntry[] {
  const entries: LdifEntry[] = [];
  let current: LdifEntry | undefined;
  for (const line of unfold(text)) {
    if (line === '') {
      current = undefined;
      continue;
    }
    if (line.startsWith('#')) continue;
    const pair = valueOf(line);
    if (!pair) continue;
    const [name, value] = pair;
    if (name === 'dn') {
      current = { dn: value, attributes: {} };
      entries.push(current);
    } else if (current) {
      (current.attributes[name] ??= []).push(value);
    }
  }
  return entries;
}

/** The first value of an attribute (names compared without case). */
export function firstValue(entry: LdifEntry, name: string): string | undefined {
  return entry.attributes[name.toLowerCase()]?.[0];
}

export function allValues(entry: LdifEntry, name: string): string[] {
  return entry.attributes[name.toLowerCase()] ?? [];
}
