import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CERTBOT_RENEW_DAYS } from '../../dms/certbot-compose.js';
import { liveFiles } from './letsencrypt-files.js';
import { pemBlocks } from './pem.js';

/** The certificate in `<letsencrypt dir>/live/<name>/fullchain.pem`, and when it is due for renewal. */

export interface LiveCertificate {
  file: string;
  /** DNS names of the subjectAltName. */
  names: string[];
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  fingerprint256: string;
}

export const DAY_MS = 86_400_000;

/** Undefined when there is no such file; throws when the file is there but holds no readable certificate. */
export async function readLiveCertificate(letsencryptDir: string, name: string): Promise<LiveCertificate | undefined> {
  const file = liveFiles(letsencryptDir, name).fullchain;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const [leaf] = pemBlocks(text);
  if (!leaf) throw new Error(`${file} holds no PEM certificate`);
  return { file, ...certificateFacts(new X509Certificate(leaf)) };
}

/** What a certificate says about itself, in one-line text and dates. */
export function certificateFacts(cert: X509Certificate): Omit<LiveCertificate, 'file'> {
  return {
    names: (cert.subjectAltName ?? '')
      .split(', ')
      .filter((entry) => entry.startsWith('DNS:'))
      .map((entry) => entry.slice(4)),
    issuer: cert.issuer.replace(/\n/g, ', '),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    fingerprint256: cert.fingerprint256,
  };
}

export function daysLeft(cert: Pick<LiveCertificate, 'notAfter'>, now: Date): number {
  return Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
}

/** certbot's rule: renew 30 days before expiry, or at two thirds of a shorter lifetime. */
export function renewalDate(cert: Pick<LiveCertificate, 'notBefore' | 'notAfter'>, renewDays = CERTBOT_RENEW_DAYS): Date {
  const lifetimeDays = (cert.notAfter.getTime() - cert.notBefore.getTime()) / DAY_MS;
  return new Date(cert.notAfter.getTime() - Math.min(renewDays, lifetimeDays / 3) * DAY_MS);
}

/** Whether the certificate lacks a name it should have, or is past its renewal date. */
export function needsNewCertificate(cert: LiveCertificate, names: readonly string[], now: Date, renewDays?: number): boolean {
  return names.some((name) => !cert.names.includes(name)) || now >= renewalDate(cert, renewDays);
}
