import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contactEmailProblem, domainProblem, portProblem } from '../../dms/validate.js';
import { ServiceError } from '../errors.js';
import { atomicWrite } from './letsencrypt-files.js';
import type { CertKeyType } from './signing.js';

/**
 * How a certificate mailwiz obtained is renewed, kept beside it as certbot keeps `renewal/<name>.conf`:
 * `<letsencrypt dir>/mailwiz/renewal/<name>.json`. `mailwiz cert renew` renews every certificate listed there.
 */

export interface RenewalConfig {
  /** The certificate's names; the first names its folder in live/. */
  names: string[];
  email?: string;
  /** The ACME directory URL (Let's Encrypt's when absent). */
  directoryUrl?: string;
  /** PEM file of the CA that signs the ACME server's own HTTPS certificate (a private ACME server). */
  caFile?: string;
  /** Where the http-01 challenge is answered (80 unless the ACME server checks another port). */
  httpPort?: number;
  keyType?: CertKeyType;
}

const RENEWAL_DIR = join('mailwiz', 'renewal');

export function renewalConfigProblem(config: RenewalConfig): string | undefined {
  if (config.names.length === 0) return 'a certificate needs at least one name';
  for (const name of config.names) {
    const problem = domainProblem(name);
    if (problem) return problem;
  }
  if (config.email !== undefined) {
    const problem = contactEmailProblem(config.email);
    if (problem) return problem;
  }
  if (config.directoryUrl !== undefined && !/^https?:\/\/\S+$/.test(config.directoryUrl)) return `'${config.directoryUrl}' is not an http(s) URL`;
  return config.httpPort === undefined ? undefined : portProblem(String(config.httpPort));
}

export async function saveRenewalConfig(letsencryptDir: string, config: RenewalConfig): Promise<string> {
  const [name] = config.names;
  if (name === undefined) throw new ServiceError('a certificate needs at least one name');
  const dir = join(letsencryptDir, RENEWAL_DIR);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const file = join(dir, `${name}.json`);
  await atomicWrite(file, `${JSON.stringify(config, null, 2)}\n`, 0o644);
  return file;
}

/** Every saved configuration; a file that does not read is reported, not skipped silently. */
export async function loadRenewalConfigs(letsencryptDir: string): Promise<{ file: string; config?: RenewalConfig; error?: string }[]> {
  const dir = join(letsencryptDir, RENEWAL_DIR);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      try {
        const config = JSON.parse(await readFile(file, 'utf8')) as RenewalConfig;
        const problem = Array.isArray(config.names) ? renewalConfigProblem(config) : 'no names';
        return problem ? { file, error: problem } : { file, config };
      } catch (error) {
        return { file, error: (error as Error).message };
      }
    }),
  );
}
