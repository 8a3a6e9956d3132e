import { X509Certificate } from 'node:crypto';
import type { CheckStatus } from '../dns/check-result.js';
import type { Target } from '../../target/index.js';
import { EXPIRY_WARN_DAYS } from './checks.js';
import { certificateFacts, daysLeft } from './live-certificate.js';
import { pemBlocks } from './pem.js';

/**
 * The certificate Postfix is configured to serve, read inside the container (its certificate blocks only: the key
 * never leaves it), summed up for the Health screen: names, issuer, days to expiry.
 */

export interface CertificateSummary {
  names: string[];
  issuer: string;
  notAfter: Date;
  daysLeft: number;
  status: CheckStatus;
}

/** Prints the certificate blocks of the first file Postfix names that has any; exit 1 when none has or TLS is off. */
const PRINT_CONFIGURED_CERTIFICATE = [
  '[ "$(postconf -h smtpd_tls_security_level 2>/dev/null)" = none ] && exit 1',
  'for f in $(postconf -h smtpd_tls_chain_files smtpd_tls_cert_file 2>/dev/null); do',
  '  [ -f "$f" ] && grep -q "BEGIN CERTIFICATE" "$f" && { sed -n "/BEGIN CERTIFICATE/,/END CERTIFICATE/p" "$f"; exit 0; }',
  'done; exit 1',
].join('\n');

export function summarizeCertificate(pem: string, now: Date): CertificateSummary | undefined {
  const [leaf] = pemBlocks(pem);
  if (!leaf) return undefined;
  const cert = new X509Certificate(leaf);
  const { names, issuer, notAfter } = certificateFacts(cert);
  const left = daysLeft({ notAfter }, now);
  return {
    names: names.length > 0 ? names : [cert.subject.replace(/\n/g, ', ')],
    issuer,
    notAfter,
    daysLeft: left,
    status: left < 0 ? 'fail' : left < EXPIRY_WARN_DAYS ? 'warn' : 'pass',
  };
}

/** Undefined when Postfix has no certificate (SSL_TYPE empty). */
export async function configuredCertificate(target: Target, now = new Date()): Promise<CertificateSummary | undefined> {
  const result = await target.exec(['sh', '-c', PRINT_CONFIGURED_CERTIFICATE]);
  return result.exitCode === 0 ? summarizeCertificate(result.stdout, now) : undefined;
}
