import { isIP } from 'node:net';

/** Validation of what users type; each returns an error message, or undefined when the input is fine. */

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export function domainProblem(domain: string): string | undefined {
  if (domain === '') return 'the domain is empty';
  if (domain.length > 253) return `the domain '${domain}' is longer than 253 characters`;
  const labels = domain.replace(/\.$/, '').split('.');
  if (labels.length < 2) return `'${domain}' is not a domain name (it needs a dot, e.g. example.com)`;
  if (!labels.every((l) => LABEL.test(l))) return `'${domain}' is not a valid domain name`;
  return undefined;
}

export function addressProblem(address: string): string | undefined {
  if (address === '') return 'no address given';
  if (/[\s\u0000-\u001f\u007f]/.test(address)) return `'${printable(address)}' contains white space or control characters`;
  const at = address.lastIndexOf('@');
  if (at < 0) return `'${address}' should include the domain (eg: user@example.com)`;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return `'${address}' has nothing before the @`;
  if (local.length > 64) return `the part before the @ in '${address}' is longer than 64 characters`;
  if (!LOCAL_PART.test(local) || local.includes('|') || local.includes(':'))
    return `'${address}' is not a valid email address`;
  const problem = domainProblem(domain);
  return problem ? `'${address}' has an invalid domain: ${problem}` : undefined;
}

/** An alias is a full address, or a catch-all `@domain`. */
export function aliasProblem(alias: string): string | undefined {
  if (alias.startsWith('@')) {
    const problem = domainProblem(alias.slice(1));
    return problem ? `'${alias}' is not a valid catch-all: ${problem}` : undefined;
  }
  return addressProblem(alias);
}

/** DMS's quota format: a number with B, k, M, G or T, or 0 for unlimited. */
export function quotaProblem(quota: string): string | undefined {
  if (quota === '') return 'Quota must not be empty (use 0 for unlimited quota)';
  if (!/^([0-9]+(B|k|M|G|T)|0)$/.test(quota)) {
    return `Invalid quota format '${printable(quota)}'. e.g. 302M (B (byte), k (kibibyte), M (mebibyte), G (gibibyte) or T (tebibyte))`;
  }
  return undefined;
}

/** Passwords are hashed, so any character works, except what cannot travel on a line. */
export function passwordProblem(password: string): string | undefined {
  if (password === '') return 'Password must not be empty';
  if (/[\r\n\u0000]/.test(password)) return 'Password must not contain a line break or NUL character';
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

/** User input echoed in an error, with control characters made visible. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
