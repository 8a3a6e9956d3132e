import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { MailServer } from './mail-server.js';

/**
 * Addresses a ban must not hit unless the admin insists: banning them locks the admin (or every host-side client)
 * out. The ssh client the console runs for (SSH_CLIENT), loopback, the Docker gateway(s) of the container (all host
 * traffic to published ports arrives from there), and the addresses of the machine mailwiz runs on.
 */
export interface AdminAddress {
  /** An address, or a network in CIDR form. */
  address: string;
  /** Why it is protected, e.g. "you are connected from it (SSH_CLIENT)". */
  why: string;
}

const LOOPBACK: readonly AdminAddress[] = [
  { address: '127.0.0.0/8', why: 'loopback' },
  { address: '::1', why: 'loopback' },
];

/** `::ffff:192.0.2.4` → `192.0.2.4`; a scope (`fe80::1%eth0`) is dropped. */
export function plainAddress(address: string): string {
  const unscoped = address.split('%')[0] ?? '';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unscoped);
  return mapped?.[1] ?? unscoped;
}

/** The ssh client's address from SSH_CLIENT (`ip port port`) or SSH_CONNECTION. */
export function sshClientAddress(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = plainAddress((env.SSH_CLIENT || env.SSH_CONNECTION || '').trim().split(/\s+/)[0] ?? '');
  return isIP(candidate) ? candidate : undefined;
}

/** Gateways from `/proc/net/route` (little-endian hex), for a target that has no Docker inspect data. */
export function parseRouteGateways(procNetRoute: string): string[] {
  const gateways = new Set<string>();
  for (const line of procNetRoute.split('\n').slice(1)) {
    const hex = line.trim().split(/\s+/)[2];
    if (!hex || !/^[0-9A-Fa-f]{8}$/.test(hex) || /^0+$/.test(hex)) continue;
    const bytes = [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
    gateways.add(bytes.join('.'));
  }
  return [...gateways];
}

async function gatewayAddresses(server: MailServer): Promise<AdminAddress[]> {
  const info = await server.target.info().catch(() => undefined);
  if (info?.networks) {
    return info.networks.flatMap((n) =>
      [n.gateway, n.ipv6Gateway].filter((g) => isIP(g)).map((g) => ({ address: g, why: `the Docker gateway of network ${n.name} (host traffic arrives from it)` })),
    );
  }
  const route = await server.target.exec(['cat', '/proc/net/route']).catch(() => undefined);
  return parseRouteGateways(route?.stdout ?? '').map((g) => ({ address: g, why: 'the default gateway of the server' }));
}

/** The machine's own addresses, link-local ones aside (fail2ban never sees them on published ports). */
function hostAddresses(): AdminAddress[] {
  return Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
    (addresses ?? []).filter((a) => !a.internal && !/^fe[89ab]/i.test(a.address)).map((a) => ({ address: plainAddress(a.address), why: `an address of this machine (${name})` })),
  );
}

/** Every protected address, the most personal reason first (an address listed twice keeps its first reason). */
export async function adminAddresses(server: MailServer, env: NodeJS.ProcessEnv = process.env): Promise<AdminAddress[]> {
  const ssh = sshClientAddress(env);
  const all = [
    ...(ssh ? [{ address: ssh, why: 'you are connected from it (SSH_CLIENT)' }] : []),
    ...LOOPBACK,
    ...(await gatewayAddresses(server)),
    ...hostAddresses(),
  ];
  const seen = new Set<string>();
  return all.filter((a) => !seen.has(a.address) && seen.add(a.address));
}

function network(value: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [raw = '', prefixText] = value.split('/');
  const address = plainAddress(raw);
  const family = isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  return { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

function contains(outer: NonNullable<ReturnType<typeof network>>, inner: NonNullable<ReturnType<typeof network>>): boolean {
  if (outer.family !== inner.family) return false;
  const block = new BlockList();
  block.addSubnet(outer.address, outer.prefix, outer.family);
  return block.check(inner.address, inner.family);
}

/**
 * The protected addresses a ban of `candidate` (an address or CIDR network) would hit: networks overlap when one
 * contains the other's address.
 */
export function protectedHits(candidate: string, protectedAddresses: readonly AdminAddress[]): AdminAddress[] {
  const ban = network(candidate);
  if (!ban) return [];
  return protectedAddresses.filter((p) => {
    const guarded = network(p.address);
    return guarded !== undefined && (contains(ban, guarded) || contains(guarded, ban));
  });
}
