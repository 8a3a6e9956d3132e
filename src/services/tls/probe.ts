import type { DetailedPeerCertificate } from 'node:tls';
import { ANY_CIPHER, openTls, type ProbeStage, type TlsEndpoint } from './tls-connection.js';

/**
 * Connects to a mail port the way a sender or a mail client does and records what the server serves: the
 * certificate chain it sent, the protocol and cipher it chose. It trusts nothing and judges nothing (see checks.ts).
 */

export type { ProbeStage, TlsEndpoint, TlsMode } from './tls-connection.js';

export type TlsProbe =
  | {
      endpoint: TlsEndpoint;
      ok: true;
      /** `TLSv1.3`, `TLSv1.2` … */
      protocol: string;
      cipher: string;
      /** DER, the leaf first, as the server sent them. */
      chain: Buffer[];
    }
  | { endpoint: TlsEndpoint; ok: false; stage: ProbeStage; error: string };

export interface ProbeOptions {
  timeoutMs?: number;
  /** The EHLO name for SMTP STARTTLS; this machine's host name by default. */
  ehloName?: string;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/** Offers every version from TLS 1.0 on, so that a server choosing an old one is reported rather than refused. */
export async function probeTls(endpoint: TlsEndpoint, options: ProbeOptions = {}): Promise<TlsProbe> {
  const opened = await openTls(endpoint, {
    timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    ehloName: options.ehloName,
    offer: { minVersion: 'TLSv1', ciphers: ANY_CIPHER },
  });
  if (!opened.ok) return { endpoint, ok: false, stage: opened.stage, error: opened.error };
  const { secure } = opened;
  const result: TlsProbe = {
    endpoint,
    ok: true,
    protocol: secure.getProtocol() ?? 'unknown',
    cipher: secure.getCipher().standardName,
    chain: servedChain(secure.getPeerCertificate(true)),
  };
  opened.close();
  return result;
}

/** The certificates the server sent, leaf first, each once. */
function servedChain(peer: DetailedPeerCertificate): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = peer; cert?.raw && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
  }
  return chain;
}
