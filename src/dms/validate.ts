import { isIP } from 'node:net';
import { visibleText } from './terminal-text.js';

/** Validation of what users type; each returns an error message, or undefined when the input is fine. */

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export function domainProblem(domain: string): string | undefined {
  if (domain === '') return 'the domain is empty';
  if (domain.length > 253) return `the domain '${domain}' is longer than 253 characters`;
  const labels = domain.replace(/\.$/, '').split('.');
  if (labels.length < 2) return `'${domain}' is not a domain name (it needs a dot, e.g. example.com)`;
  if (!labels.every((l) => LABEL.test(l))) return `'${printable(domain)}' is not a valid domain name`;
  if (/^\d+$/.test(labels.at(-1) ?? '')) return `'${printable(domain)}' is not a domain name (its last label is a number)`;
  return undefined;
}

export function addressProblem(address: string): string | undefined {
  if (address === '') return 'no address given';
  const shown = printable(address);
  if (shown !== address || /\s/.test(address)) return `'${shown}' contains white space or control characters`;
  const at = address.lastIndexOf('@');
  if (at < 0) return `'${shown}' should include the domain (eg: user@example.com)`;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return `'${shown}' has nothing before the @`;
  if (local.startsWith('#')) return `'${shown}' starts with '#': DMS's files would read the line as a comment`;
  if (local.length > 64) return `the part before the @ in '${shown}' is longer than 64 characters`;
  if (!LOCAL_PART.test(local) || local.includes('|') || local.includes(':'))
    return `'${shown}' is not a valid email address`;
  const problem = domainProblem(domain);
  return problem ? `'${shown}' has an invalid domain: ${problem}` : undefined;
}

/** An alias is a full address, or a catch-all `@domain`. */
export function aliasProblem(alias: string): string | undefined {
  if (alias.startsWith('@')) {
    const problem = domainProblem(alias.slice(1));
    return problem ? `'${alias}' is not a valid catch-all: ${problem}` : undefined;
  }
  return addressProblem(alias);
}

const QUOTA_UNITS: Record<string, bigint> = { B: 1n, k: 1n << 10n, M: 1n << 20n, G: 1n << 30n, T: 1n << 40n };
/** Dovecot keeps quota limits as signed 64-bit byte counts: a larger limit breaks every mailbox command of the user. */
export const MAX_QUOTA_BYTES = (1n << 63n) - 1n;

/** DMS's quota format: a number with B, k, M, G or T, or 0 for unlimited; at most what Dovecot can hold. */
export function quotaProblem(quota: string): string | undefined {
  if (quota === '') return 'Quota must not be empty (use 0 for unlimited quota)';
  const match = /^([0-9]+)(B|k|M|G|T)$/.exec(quota);
  if (!match && quota !== '0') {
    return `Invalid quota format '${printable(quota)}'. e.g. 302M (B (byte), k (kibibyte), M (mebibyte), G (gibibyte) or T (tebibyte))`;
  }
  if (match && BigInt(match[1] ?? '0') * (QUOTA_UNITS[match[2] ?? 'B'] ?? 1n) > MAX_QUOTA_BYTES) {
    return `The quota '${quota}' is larger than Dovecot can hold (at most ${MAX_QUOTA_BYTES / QUOTA_UNITS.T!}T)`;
  }
  return undefined;
}

/** Dovecot refuses to authenticate with a password of 512 bytes or more (and hashing cost grows with the length). */
export const MAX_PASSWORD_BYTES = 511;

/** Passwords are hashed, so any character works, except what cannot travel on a line or was lost in decoding. */
export function passwordProblem(password: string): string | undefined {
  if (password === '') return 'Password must not be empty';
  if (/[\r\n\u0000]/.test(password)) return 'Password must not contain a line break or NUL character';
  if (/\ufffd|[\ud800-\udfff]/u.test(password)) {
    return 'Password contains bytes that are not UTF-8 (or U+FFFD, the mark of such bytes); it would not match what is typed at login';
  }
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes > MAX_PASSWORD_BYTES) return `Password is ${bytes} bytes long; Dovecot accepts at most ${MAX_PASSWORD_BYTES}`;
  return undefined;
}

/** An IPv4 or IPv6 address, or a CIDR network of one. */
export function ipProblem(value: string): string | undefined {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return `'${printable(value)}' is not an IP address or network`;
  if (prefix !== undefined) {
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `'${value}' has an invalid prefix length (0–${max})`;
  }
  return undefined;
}

export function hostProblem(host: string): string | undefined {
  if (isIP(host) !== 0) return undefined;
  return domainProblem(host) ? `'${printable(host)}' is not a host name or IP address` : undefined;
}

export function portProblem(port: string): string | undefined {
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535 ? undefined : `'${printable(port)}' is not a port number (1–65535)`;
}

/** An address to reach someone at (a CA's expiry notices): any valid mailbox. */
export function contactEmailProblem(email: string): string | undefined {
  return addressProblem(email) === undefined ? undefined : `'${printable(email)}' is not an email address`;
}

/** User input echoed in an error: control, direction and invisible characters made visible as escapes. */
export const printable = visibleText;

/** A name mailwiz writes into a file (master user, relay account): only characters that show. */
export function visibleNameProblem(name: string, what: string): string | undefined {
  const shown = printable(name);
  if (shown !== name || /[\s\ufffd]/.test(name)) return `'${shown}' cannot be ${what}: it contains white space, control or invisible characters`;
  return undefined;
}
