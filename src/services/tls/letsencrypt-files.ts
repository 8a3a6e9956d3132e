import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pemBlocks } from './pem.js';

/**
 * Certificates where DMS looks for them with SSL_TYPE=letsencrypt: `<letsencrypt dir>/live/<FQDN>/fullchain.pem` and
 * `privkey.pem` (certbot's layout; DMS mounts the folder at /etc/letsencrypt), plus certbot's `cert.pem` and `chain.pem`.
 */

export interface LiveFiles {
  dir: string;
  fullchain: string;
  privkey: string;
}

export function liveFiles(letsencryptDir: string, name: string): LiveFiles {
  const dir = join(letsencryptDir, 'live', name);
  return { dir, fullchain: join(dir, 'fullchain.pem'), privkey: join(dir, 'privkey.pem') };
}

/** Writes each file atomically; the key first, so a reader never pairs a new certificate with the old key. */
export async function writeLiveFiles(letsencryptDir: string, name: string, fullchainPem: string, privkeyPem: string): Promise<LiveFiles> {
  const files = liveFiles(letsencryptDir, name);
  await mkdir(files.dir, { recursive: true, mode: 0o755 });
  const [leaf = '', ...chain] = pemBlocks(fullchainPem);
  await atomicWrite(files.privkey, privkeyPem, 0o600);
  await atomicWrite(join(files.dir, 'cert.pem'), leaf, 0o644);
  await atomicWrite(join(files.dir, 'chain.pem'), chain.join(''), 0o644);
  await atomicWrite(files.fullchain, fullchainPem, 0o644);
  return files;
}

export async function atomicWrite(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.mailwiz-${process.pid}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, path);
}
