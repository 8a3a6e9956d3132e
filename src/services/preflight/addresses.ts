import { networkInterfaces } from 'node:os';
import { isPrivateIp } from '../../dms/wizard-answers.js';

/** The machine's addresses as the wizard's first guess at its public IPv4/IPv6: public ones first, never loopback. */
export function detectAddresses(): { ipv4?: string; ipv6?: string } {
  const all = Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => a !== undefined && !a.internal);
  const pick = (family: 'IPv4' | 'IPv6'): string | undefined => {
    const candidates = all.filter((a) => a.family === family && !a.address.startsWith('fe80'));
    return (candidates.find((a) => !isPrivateIp(a.address)) ?? (family === 'IPv4' ? candidates[0] : undefined))?.address;
  };
  return { ipv4: pick('IPv4'), ipv6: pick('IPv6') };
}
