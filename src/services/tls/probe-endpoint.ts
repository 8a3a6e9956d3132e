import type { CheckResult } from '../dns/check-result.js';
import { checkLegacyProtocols, checkTls, type TlsCheckOptions } from './checks.js';
import { probeLegacyProtocols, type LegacyProbe } from './legacy-probe.js';
import { probeTls, type ProbeOptions, type TlsEndpoint, type TlsProbe } from './probe.js';

/**
 * Everything `mailwiz check` learns about one TLS port: what a current client gets (probe.ts), with what an old client
 * still gets attached (legacy-probe.ts); and every rule over both.
 */

export type { TlsProbe } from './probe.js';

/** The probe of a current client, with the old-versions probe attached: usable wherever a TlsProbe is. */
export type ProbedEndpoint = TlsProbe & { legacy: LegacyProbe };

export async function probeEndpoint(endpoint: TlsEndpoint, options: ProbeOptions = {}): Promise<ProbedEndpoint> {
  const [probe, legacy] = await Promise.all([probeTls(endpoint, options), probeLegacyProtocols(endpoint, options)]);
  return { ...probe, legacy };
}

/** The TLS rules, then the old-versions rule when a current client got through (otherwise that failure says it all). */
export function checkEndpoint(probed: ProbedEndpoint, options: TlsCheckOptions): CheckResult[] {
  return [...checkTls(probed, options), ...(probed.ok ? [checkLegacyProtocols(probed.legacy)] : [])];
}
