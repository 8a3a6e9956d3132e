import { isIP } from 'node:net';

/** IP addresses as DNS rules see them: bytes, networks, and the reversed names of PTR and DNSBL lookups. */

/** The address's bytes (4 for IPv4, 16 for IPv6), or undefined when the text is not an IP address. */
export function ipBytes(ip: string): number[] | undefined {
  const address = ip.split('%')[0] ?? '';
  const family = isIP(address);
  if (family === 4) return address.split('.').map(Number);
  if (family === 6) return ipv6Groups(address).flatMap((group) => [group >> 8, group & 0xff]);
  return undefined;
}

function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string): number[] =>
    part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ipv4AsGroups(group) : [parseInt(group, 16)]));
  const first = groupsOf(head);
  const last = tail === undefined ? [] : groupsOf(tail);
  return [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
}

function ipv4AsGroups(dotted: string): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

export function ipFamily(ip: string): 4 | 6 | undefined {
  const bytes = ipBytes(ip);
  if (!bytes) return undefined;
  return bytes.length === 4 ? 4 : 6;
}

/** Whether `ip` lies in `network/prefix`; addresses of different families never match. */
export function inNetwork(ip: string, network: string, prefix: number): boolean {
  const address = ipBytes(ip);
  const base = ipBytes(network);
  if (!address || !base || address.length !== base.length || prefix < 0 || prefix > address.length * 8) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = (0xff << (8 - Math.min(8, prefix - bit))) & 0xff;
    const index = bit / 8;
    if (((address[index] ?? 0) & mask) !== ((base[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** Whether two texts name the same address (IPv6 may be written in several ways). */
export function sameIp(a: string, b: string): boolean {
  const family = ipFamily(a);
  return family !== undefined && inNetwork(a, b, family === 4 ? 32 : 128);
}

/** The labels of the address in reverse order: `10.2.0.192` for 192.0.2.10, 32 nibbles for IPv6. */
export function reversedLabels(ip: string): string {
  const bytes = ipBytes(ip);
  if (!bytes) throw new Error(`'${ip}' is not an IP address`);
  const labels = bytes.length === 4 ? bytes.map(String) : bytes.flatMap((byte) => [(byte >> 4).toString(16), (byte & 0xf).toString(16)]);
  return labels.reverse().join('.');
}

/** The name a PTR record lives at: `10.2.0.192.in-addr.arpa` or `….ip6.arpa`. */
export function reverseName(ip: string): string {
  return `${reversedLabels(ip)}.${ipFamily(ip) === 4 ? 'in-addr.arpa' : 'ip6.arpa'}`;
}
