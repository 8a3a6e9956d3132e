import { readFile } from 'node:fs/promises';
import { ServiceError } from '../errors.js';
import { LETS_ENCRYPT_DIRECTORY, obtainCertificate } from './acme.js';
import { needsNewCertificate, readLiveCertificate, type LiveCertificate } from './live-certificate.js';
import { saveRenewalConfig, type RenewalConfig } from './renewal-config.js';

/**
 * Obtains a certificate when there is none, renews it when it is due (or lacks a name), else keeps it; then records
 * how to renew it. DMS (SSL_TYPE=letsencrypt) notices the new files in live/<name>/ and reloads Postfix and Dovecot.
 */

export type CertificateOutcome = 'obtained' | 'renewed' | 'kept';

export interface EnsureOptions {
  letsencryptDir: string;
  /** Get a new certificate even when the one there is not due. */
  force?: boolean;
  /** Days before expiry a certificate is renewed (certbot's 30 unless told). */
  renewDays?: number;
  now?: Date;
  log?: (line: string) => void;
}

export interface EnsuredCertificate {
  outcome: CertificateOutcome;
  certificate: LiveCertificate;
}

export async function ensureCertificate(config: RenewalConfig, options: EnsureOptions): Promise<EnsuredCertificate> {
  const [name] = config.names;
  if (name === undefined) throw new ServiceError('a certificate needs at least one name');
  const now = options.now ?? new Date();
  const existing = await readLiveCertificate(options.letsencryptDir, name).catch(() => undefined);
  if (existing && !options.force && !needsNewCertificate(existing, config.names, now, options.renewDays)) {
    await saveRenewalConfig(options.letsencryptDir, config);
    return { outcome: 'kept', certificate: existing };
  }
  await obtainCertificate({
    names: config.names,
    letsencryptDir: options.letsencryptDir,
    directoryUrl: config.directoryUrl ?? LETS_ENCRYPT_DIRECTORY,
    ...(config.email ? { email: config.email } : {}),
    ...(config.httpPort ? { http01: { port: config.httpPort } } : {}),
    ...(config.caFile ? { directoryCa: await readCaFile(config.caFile) } : {}),
    ...(config.keyType ? { keyType: config.keyType } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  await saveRenewalConfig(options.letsencryptDir, config);
  const certificate = await readLiveCertificate(options.letsencryptDir, name);
  if (!certificate) throw new ServiceError(`the certificate of ${name} was written but cannot be read back`);
  return { outcome: existing ? 'renewed' : 'obtained', certificate };
}

async function readCaFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ServiceError(`the ACME server's CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
