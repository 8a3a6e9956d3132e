/** Where Postfix hands mail over LMTP, read from a transport value such as `virtual_transport`. */
export interface LmtpDestination {
  host: string;
  port: number;
}

const LMTP_PORT = 24;

/**
 * `lmtp:app:2003`, `lmtp:inet:app:2003`, `lmtp:[app]:2003`, `lmtp:[2001:db8::1]:2003`, `lmtp:app` (port 24).
 * Undefined for anything else: another transport, or a unix socket (`lmtp:unix:private/dovecot-lmtp`).
 */
export function parseLmtpTransport(value: string): LmtpDestination | undefined {
  const match = /^lmtp:(?:inet:)?(.+)$/.exec(value.trim());
  if (!match?.[1] || match[1].startsWith('unix:')) return undefined;
  const nexthop = match[1];
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(nexthop);
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : splitHostPort(nexthop);
  const number = port === undefined ? LMTP_PORT : Number(port);
  if (!host || !/^[A-Za-z0-9._:-]+$/.test(host) || !Number.isInteger(number) || number < 1 || number > 65535) return undefined;
  return { host, port: number };
}

function splitHostPort(nexthop: string): [string | undefined, string | undefined] {
  const colon = nexthop.lastIndexOf(':');
  if (colon < 0) return [nexthop, undefined];
  const port = nexthop.slice(colon + 1);
  return /^\d+$/.test(port) ? [nexthop.slice(0, colon), port] : [undefined, undefined];
}
