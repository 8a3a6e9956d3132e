import { DEFAULT_PROBE_TIMEOUT_MS, type ProbeOptions } from './probe.js';
import { ANY_CIPHER, openTls, type ProbeStage, type TlsEndpoint } from './tls-connection.js';

/**
 * Offers a mail port ONLY TLS 1.0, then ONLY TLS 1.1, as an old client would, and records whether the server went
 * along. The negotiated protocol (probe.ts) shows what a modern client gets; this shows what an old one still can.
 * It judges nothing (see checkLegacyProtocols in checks.ts).
 */

export const LEGACY_VERSIONS = ['TLSv1', 'TLSv1.1'] as const;
export type LegacyVersion = (typeof LEGACY_VERSIONS)[number];

export type LegacyAttempt =
  | { version: LegacyVersion; accepted: true; protocol: string; cipher: string }
  | {
      version: LegacyVersion;
      accepted: false;
      stage: ProbeStage;
      error: string;
      code?: string;
      /** Bytes the server sent during the handshake. */
      serverBytes: number;
    };

export interface LegacyProbe {
  endpoint: TlsEndpoint;
  /** What offered them: `Node 20.20.2, OpenSSL 3.0.19`. */
  client: string;
  attempts: LegacyAttempt[];
}

export interface LegacyProbeOptions extends ProbeOptions {
  /** The OpenSSL cipher string to offer with; by default anything OpenSSL knows. */
  ciphers?: string;
}

export async function probeLegacyProtocols(endpoint: TlsEndpoint, options: LegacyProbeOptions = {}): Promise<LegacyProbe> {
  const attempts = await Promise.all(LEGACY_VERSIONS.map((version) => offerOnly(endpoint, version, options)));
  return { endpoint, client: `Node ${process.versions.node}, OpenSSL ${process.versions.openssl}`, attempts };
}

async function offerOnly(endpoint: TlsEndpoint, version: LegacyVersion, options: LegacyProbeOptions): Promise<LegacyAttempt> {
  const opened = await openTls(endpoint, {
    timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    ehloName: options.ehloName,
    offer: { minVersion: version, maxVersion: version, ciphers: options.ciphers ?? ANY_CIPHER },
  });
  if (!opened.ok) {
    const { stage, error, code, serverBytes } = opened;
    return { version, accepted: false, stage, error, ...(code === undefined ? {} : { code }), serverBytes };
  }
  const attempt: LegacyAttempt = {
    version,
    accepted: true,
    protocol: opened.secure.getProtocol() ?? 'unknown',
    cipher: opened.secure.getCipher().standardName,
  };
  opened.close();
  return attempt;
}
