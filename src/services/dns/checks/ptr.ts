import { ipFamily, sameIp } from '../../../dms/dns-ip.js';
import { normalName, sameName } from '../../../dms/dns-name.js';
import { reporter, type CheckResult } from '../check-result.js';
import { resolveAddresses, unknownReason, type DnsResolver } from '../resolver.js';

/** PTR rules: each server IP has a PTR, its name resolves back to the IP (FCrDNS), and it is the FQDN the server greets with. */

export async function checkPtr(resolver: DnsResolver, fqdn: string, ips: readonly string[]): Promise<CheckResult[]> {
  return Promise.all(ips.map((ip) => checkOnePtr(resolver, fqdn, ip)));
}

/** The PTR names of `ip` that resolve back to it, or why that cannot be told. */
export async function forwardConfirmedNames(
  resolver: DnsResolver,
  ip: string,
): Promise<{ kind: 'names'; ptr: string[]; confirmed: string[] } | { kind: 'unknown'; reason: string }> {
  const family = ipFamily(ip) ?? 4;
  const answer = await resolver.reverse(ip);
  if (answer.kind === 'unknown') return { kind: 'unknown', reason: unknownReason(answer) };
  const ptr = answer.kind === 'records' ? answer.records.map(normalName) : [];
  const forward = await Promise.all(ptr.map((name) => resolveAddresses(resolver, name, family)));
  const confirmed = ptr.filter((_, i) => {
    const addresses = forward[i];
    return addresses?.kind === 'records' && addresses.records.some((address) => sameIp(address, ip));
  });
  const unsure = forward.find((a) => a.kind === 'unknown');
  if (confirmed.length === 0 && unsure?.kind === 'unknown') return { kind: 'unknown', reason: unknownReason(unsure) };
  return { kind: 'names', ptr, confirmed };
}

async function checkOnePtr(resolver: DnsResolver, fqdn: string, ip: string): Promise<CheckResult> {
  const report = reporter(resolver);
  const id = ipFamily(ip) === 6 ? 'ptr.ipv6' : 'ptr.ipv4';
  const host = normalName(fqdn);
  const ask = `ask your hosting provider to set the PTR of ${ip} to ${host}`;
  const found = await forwardConfirmedNames(resolver, ip);
  if (found.kind === 'unknown') return report(id, 'unknown', `could not check the reverse DNS of ${ip}`, found.reason);
  if (found.ptr.length === 0) return report(id, 'fail', `${ip} has no PTR record`, ask);
  if (found.confirmed.length === 0) {
    return report(
      id,
      'fail',
      `the PTR of ${ip} (${found.ptr.join(', ')}) does not resolve back to ${ip}`,
      `no forward-confirmed reverse DNS; ${ask}, and ${host} to ${ip}`,
    );
  }
  if (!found.confirmed.some((name) => sameName(name, host))) {
    return report(
      id,
      'warn',
      `the PTR of ${ip} is ${found.confirmed.join(', ')}, not ${host}`,
      `it should match the name the server greets with; ${ask}`,
    );
  }
  return report(id, 'pass', `${ip} ↔ ${host} (forward-confirmed reverse DNS)`);
}
