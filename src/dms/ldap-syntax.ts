import { printable } from './validate.js';

/** LDAP addresses, DNs and search filters as DMS's LDAP_* variables hold them, checked before any connection. */

export function ldapUriProblem(uri: string): string | undefined {
  if (uri === '') return 'Give the address of the directory, e.g. ldap://ldap.example.com or ldaps://ldap.example.com';
  const match = /^(ldaps?):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(uri);
  if (!match) {
    if (!/^ldaps?:\/\//.test(uri)) return `'${printable(uri)}' must start with ldap:// or ldaps:// (DMS needs the scheme)`;
    return `'${printable(uri)}' is not an LDAP address: ldap[s]://host[:port], nothing after the port`;
  }
  const port = match[3];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `${port} is not a port number (1–65535)`;
  return undefined;
}

/** The port a URI means: given, or 389 / 636 by scheme. */
export function ldapUriParts(uri: string): { secure: boolean; host: string; port: number } {
  const match = /^(ldaps?):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(uri);
  const secure = match?.[1] === 'ldaps';
  return { secure, host: (match?.[2] ?? '').replace(/^\[|\]$/g, ''), port: match?.[3] ? Number(match[3]) : secure ? 636 : 389 };
}

/** A distinguished name: comma-separated attribute=value pairs. */
export function ldapDnProblem(dn: string, what: string): string | undefined {
  if (dn.trim() === '') return `Give the ${what}, e.g. dc=example,dc=com`;
  const parts = dn.split(/(?<!\\),/);
  const bad = parts.find((part) => !/^\s*[A-Za-z][A-Za-z0-9-]*\s*=\s*\S/.test(part) && !/^\s*\d+(\.\d+)+\s*=\s*\S/.test(part));
  return bad === undefined ? undefined : `The ${what} '${printable(dn)}' is not a DN: '${printable(bad.trim())}' is not attribute=value`;
}

class FilterError extends Error {}

/** Parses RFC 4515 filter syntax far enough to say what is wrong; `%s`, `%u`, `%d` placeholders count as values. */
function parseFilter(text: string): void {
  let at = 0;
  const fail = (message: string): never => {
    throw new FilterError(`${message} at position ${at + 1}`);
  };
  const expect = (char: string): void => {
    if (text[at] !== char) fail(`expected '${char}'${text[at] === undefined ? ' but the filter ended' : ` but found '${text[at]}'`}`);
    at++;
  };
  const filter = (): void => {
    expect('(');
    const op = text[at];
    if (op === '&' || op === '|') {
      at++;
      if (text[at] !== '(') fail(`'${op}' needs at least one (…) after it`);
      while (text[at] === '(') filter();
    } else if (op === '!') {
      at++;
      filter();
    } else item();
    expect(')');
  };
  const item = (): void => {
    const attr = /^[A-Za-z0-9][A-Za-z0-9;.-]*(:[A-Za-z0-9.:]*)?/.exec(text.slice(at))?.[0];
    if (!attr) fail('expected an attribute name');
    at += attr!.length;
    const op = /^(~=|>=|<=|:=|=)/.exec(text.slice(at))?.[0];
    if (!op) fail(`expected '=' after '${attr}'`);
    at += op!.length;
    const value = /^([^()\\]|\\[0-9a-fA-F]{2})*/.exec(text.slice(at))?.[0] ?? '';
    if (text[at + value.length] === '\\') {
      at += value.length;
      fail("a '\\' must be followed by two hex digits");
    }
    at += value.length;
  };
  filter();
  if (at !== text.length) fail('unexpected text after the filter');
}

export function ldapFilterProblem(filter: string, name: string): string | undefined {
  if (filter.trim() === '') return `The ${name} filter is empty`;
  try {
    parseFilter(filter);
  } catch (error) {
    if (error instanceof FilterError) return `The ${name} filter is not valid LDAP filter syntax: ${error.message}`;
    throw error;
  }
  if (!filter.includes('%s')) return `The ${name} filter needs %s where the address (or domain) goes`;
  return undefined;
}

/** Escapes a value for use inside a filter (RFC 4515). */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\u0000]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The filter with every `%s` replaced by the value (escaped, unless it is the wildcard `*`). */
export function fillFilter(filter: string, value: string): string {
  const filled = value === '*' ? '*' : escapeFilterValue(value);
  return filter.replaceAll('%s', filled);
}
