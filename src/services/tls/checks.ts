import { createPublicKey, X509Certificate } from 'node:crypto';
import type { CheckResult, CheckStatus } from '../dns/check-result.js';
import { oneLine, trustAnchors, verifyChain } from './chain.js';
import type { TlsEndpoint, TlsProbe } from './probe.js';

/**
 * The rules over what a port served (pure: the probe result, the options and the time in, results out): the chain
 * leads to a trusted root, the FQDN is among the certificate's names, it is valid for long enough, the protocol is
 * TLS 1.2 or newer, and the certificate is the one of the configured key.
 */

export interface TlsCheckOptions {
  /** The name senders ask for: the server's FQDN (the MX target). */
  fqdn: string;
  now: Date;
  /** PEM CAs to trust besides the system's roots (a private CA; a test CA). */
  trustedCAs?: readonly string[];
  /** Only `trustedCAs`, not the system's roots. */
  withoutSystemRoots?: boolean;
  /** The configured key (private or public, PEM) and its file, for the key-match rule. */
  key?: { pem: string; file: string };
}

export const EXPIRY_WARN_DAYS = 21;
const DAY_MS = 86_400_000;
const MODERN_PROTOCOLS: ReadonlySet<string> = new Set(['TLSv1.2', 'TLSv1.3']);

const MODE_NAMES: Readonly<Record<TlsEndpoint['mode'], string>> = {
  implicit: 'implicit TLS',
  'smtp-starttls': 'SMTP STARTTLS',
  'imap-starttls': 'IMAP STARTTLS',
};

/** `port 465 (implicit TLS) at 127.0.0.1:32768` */
export function describeEndpoint(endpoint: TlsEndpoint): string {
  return `port ${endpoint.servicePort ?? endpoint.port} (${MODE_NAMES[endpoint.mode]}) at ${endpointAddress(endpoint)}`;
}

export function endpointAddress({ host, port }: TlsEndpoint): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function checkTls(probe: TlsProbe, options: TlsCheckOptions): CheckResult[] {
  const report = (id: string, status: CheckStatus, summary: string, detail?: string): CheckResult => ({
    id,
    status,
    summary,
    ...(detail === undefined ? {} : { detail }),
    resolver: endpointAddress(probe.endpoint),
  });
  if (!probe.ok) {
    const what =
      probe.stage === 'connect' ? 'could not connect' : probe.stage === 'starttls' ? 'STARTTLS failed' : 'the TLS handshake failed';
    return [report('tls.connect', 'fail', `${describeEndpoint(probe.endpoint)}: ${what}`, probe.error)];
  }
  const chain = probe.chain.map((der) => new X509Certificate(der));
  const leaf = chain[0];
  if (!leaf) return [report('tls.connect', 'fail', `${describeEndpoint(probe.endpoint)} sent no certificate`)];
  return [
    trustRule(report, chain, options),
    nameRule(report, leaf, options.fqdn),
    expiryRule(report, leaf, options.now),
    protocolRule(report, probe.protocol, probe.cipher),
    ...(options.key ? [keyRule(report, leaf, options.key)] : []),
  ];
}

type Report = (id: string, status: CheckStatus, summary: string, detail?: string) => CheckResult;

function trustRule(report: Report, chain: X509Certificate[], options: TlsCheckOptions): CheckResult {
  const verdict = verifyChain(chain, trustAnchors(options.trustedCAs, !options.withoutSystemRoots), options.now);
  const leaf = oneLine(chain[0]?.subject ?? '');
  if (!verdict.trusted) return report('tls.trust', 'fail', `the certificate of ${leaf} is not trusted: ${verdict.reason}`);
  return report('tls.trust', 'pass', `the chain is trusted (root: ${oneLine(verdict.anchor.subject)})`);
}

function nameRule(report: Report, leaf: X509Certificate, fqdn: string): CheckResult {
  const names = leaf.subjectAltName ?? 'no subjectAltName';
  if (leaf.checkHost(fqdn, { subject: 'never' }) !== undefined)
    return report('tls.name', 'pass', `${fqdn} is among the certificate's names`);
  return report('tls.name', 'fail', `the certificate is not for ${fqdn}`, `its names: ${names}; senders and clients refuse it for ${fqdn}`);
}

function expiryRule(report: Report, leaf: X509Certificate, now: Date): CheckResult {
  const notBefore = Date.parse(leaf.validFrom);
  const notAfter = Date.parse(leaf.validTo);
  const days = Math.floor((notAfter - now.getTime()) / DAY_MS);
  const until = new Date(notAfter).toISOString().slice(0, 10);
  if (now.getTime() < notBefore) return report('tls.expiry', 'fail', `the certificate is not valid before ${leaf.validFrom}`);
  if (now.getTime() > notAfter) {
    return report(
      'tls.expiry',
      'fail',
      `the certificate expired on ${until} (${Math.floor((now.getTime() - notAfter) / DAY_MS)} days ago)`,
    );
  }
  if (days < EXPIRY_WARN_DAYS) return report('tls.expiry', 'warn', `the certificate expires in ${days} days (${until})`, 'renew it now');
  return report('tls.expiry', 'pass', `the certificate is valid for ${days} more days (until ${until})`);
}

function protocolRule(report: Report, protocol: string, cipher: string): CheckResult {
  if (MODERN_PROTOCOLS.has(protocol)) return report('tls.protocol', 'pass', `${protocol} with ${cipher}`);
  return report('tls.protocol', 'fail', `the server chose ${protocol}: TLS 1.2 or newer is required`, `cipher ${cipher}`);
}

function keyRule(report: Report, leaf: X509Certificate, key: { pem: string; file: string }): CheckResult {
  let configured: Buffer;
  try {
    configured = createPublicKey(key.pem).export({ type: 'spki', format: 'der' });
  } catch {
    return report('tls.key', 'unknown', `could not read the key in ${key.file}`);
  }
  if (configured.equals(leaf.publicKey.export({ type: 'spki', format: 'der' }))) {
    return report('tls.key', 'pass', `the certificate matches the key ${key.file}`);
  }
  return report(
    'tls.key',
    'fail',
    `the certificate served is not the one of the key ${key.file}`,
    'the service still runs with other files (not reloaded after a renewal?), or certificate and key do not belong together',
  );
}
