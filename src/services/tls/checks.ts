import { createPublicKey, X509Certificate } from 'node:crypto';
import type { CheckResult, CheckStatus } from '../dns/check-result.js';
import { oneLine, trustAnchors, verifyChain } from './chain.js';
import type { LegacyAttempt, LegacyProbe, LegacyVersion } from './legacy-probe.js';
import type { TlsEndpoint, TlsProbe } from './probe.js';

/**
 * The rules over what a port served (pure: the probe result, the options and the time in, results out): the chain
 * leads to a trusted root, the FQDN is among the certificate's names, it is valid for long enough, the protocol is
 * TLS 1.2 or newer, and the certificate is the one of the configured key. Apart: whether the server still accepts
 * TLS 1.0 or 1.1 from a client that offers nothing newer.
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
  'pop3-starttls': 'POP3 STARTTLS',
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

const LEGACY_NAMES: Readonly<Record<LegacyVersion, string>> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1' };

/** What OpenSSL raises when it cannot even build a ClientHello with what it was asked to offer. */
const CANNOT_OFFER: ReadonlySet<string> = new Set(['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_NO_CIPHERS_AVAILABLE']);
/** The server answered with a version that was not offered: it does not speak the one that was. */
const OTHER_VERSION: ReadonlySet<string> = new Set([
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_WRONG_SSL_VERSION',
]);
/** The server hung up (no code: it closed the connection). */
const HUNG_UP: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', '']);

/**
 * `accepted`; `refused` by the server (an alert, another version, or hanging up); `client-refused`: this side's
 * OpenSSL would not offer the version, or rejected the server's answer in it; `untested`: no handshake took place.
 */
export type LegacyOutcome = 'accepted' | 'refused' | 'client-refused' | 'untested';

export function legacyOutcome(attempt: LegacyAttempt): LegacyOutcome {
  if (attempt.accepted) return 'accepted';
  const code = attempt.code ?? '';
  if (attempt.stage !== 'handshake' || code === 'ETIMEDOUT') return 'untested';
  if (CANNOT_OFFER.has(code)) return 'client-refused';
  if (code.startsWith('ERR_SSL_') && attempt.serverBytes === 0) return 'client-refused';
  if (/^ERR_SSL_\w+_ALERT_/.test(code) || OTHER_VERSION.has(code) || HUNG_UP.has(code)) return 'refused';
  // Any other TLS error came from this side, about what the server sent: it went along, at least that far.
  return code.startsWith('ERR_SSL_') ? 'client-refused' : 'untested';
}

const POSTFIX_FIX = 'Postfix (main.cf): smtpd_tls_protocols and smtpd_tls_mandatory_protocols = !SSLv2,!SSLv3,!TLSv1,!TLSv1.1';
const DOVECOT_FIX = 'Dovecot (10-ssl.conf): ssl_min_protocol = TLSv1.2';

/** The setting of the service behind the port: Postfix for SMTP, Dovecot for IMAP and POP3; both when unsure. */
function legacyFix(endpoint: TlsEndpoint): string {
  const port = endpoint.servicePort ?? endpoint.port;
  const smtp = endpoint.mode === 'smtp-starttls' || (endpoint.mode === 'implicit' && port === 465);
  const dovecot = endpoint.mode === 'imap-starttls' || endpoint.mode === 'pop3-starttls' || [993, 995].includes(port);
  return [
    'TLS 1.0 and 1.1 are deprecated (RFC 8996): clients that still use them get weak protection; current ones never need them.',
    'DMS refuses both with TLS_LEVEL=modern (the default) or intermediate; older DMS releases let intermediate accept',
    'them, and a manual Postfix or Dovecot configuration may too:',
    ...(smtp ? [POSTFIX_FIX] : dovecot ? [DOVECOT_FIX] : [POSTFIX_FIX, DOVECOT_FIX]),
  ].join('\n');
}

type FailedAttempt = Extract<LegacyAttempt, { accepted: false }>;

const versionNames = (attempts: readonly LegacyAttempt[]): string => attempts.map((a) => LEGACY_NAMES[a.version]).join(' and ');
const pronoun = (attempts: readonly LegacyAttempt[]): string => (attempts.length > 1 ? 'them' : 'it');
const attemptErrors = (attempts: readonly FailedAttempt[]): string =>
  attempts.map((a) => `${LEGACY_NAMES[a.version]}: ${a.error}${a.code ? ` (${a.code})` : ''}`).join('\n');

/** A warning when the server accepts TLS 1.0 or 1.1; unknown when either could not be tried (never a pass then). */
export function checkLegacyProtocols(legacy: LegacyProbe): CheckResult {
  const report = (status: CheckStatus, summary: string, detail?: string): CheckResult => ({
    id: 'tls.legacy-protocols',
    status,
    summary,
    ...(detail === undefined ? {} : { detail }),
    resolver: endpointAddress(legacy.endpoint),
  });
  const having = (outcome: LegacyOutcome) => legacy.attempts.filter((a) => legacyOutcome(a) === outcome);
  const failed = (outcome: LegacyOutcome) => having(outcome).filter((a): a is FailedAttempt => !a.accepted);

  const accepted = having('accepted');
  if (accepted.length > 0) {
    const summary = `the server accepts ${versionNames(accepted)} from a client that offers nothing newer`;
    return report('warn', summary, legacyFix(legacy.endpoint));
  }
  const clientRefused = failed('client-refused');
  if (clientRefused.length > 0) {
    const versions = versionNames(clientRefused);
    const summary = `${versions} not tested: this client (${legacy.client}) refuses ${pronoun(clientRefused)} itself`;
    return report('unknown', summary, `${attemptErrors(clientRefused)}\nrun the check where OpenSSL still speaks ${versions}`);
  }
  const untested = failed('untested');
  if (untested.length > 0) {
    return report('unknown', `${versionNames(untested)} not tested: the attempt got no answer in TLS`, attemptErrors(untested));
  }
  const refused = having('refused');
  if (refused.length === 0) return report('unknown', 'no old TLS version was tried');
  return report('pass', `the server refuses ${versionNames(refused)}`);
}
