import { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chooseCaddyCertificate, findCaddyCertificates, type CaddyCertificateFiles } from '../../dms/caddy-storage.js';
import { ServiceError } from '../errors.js';
import { pemBlocks } from './pem.js';

/**
 * Finds the certificate Caddy keeps for a name in its data folder on this machine (see dms/caddy-storage.ts). Only
 * certificates are read, never a key.
 */

export interface LocatedCaddyCertificate extends CaddyCertificateFiles {
  /** Absolute paths on this machine. */
  certificateFile: string;
  keyFile: string;
  notAfter: Date;
  fingerprint256: string;
}

/** Where certificates may start below the folder given: Caddy's data folder, its `caddy` folder, or `certificates` itself. */
const ROOTS = ['caddy/certificates', 'certificates', ''];

/**
 * Undefined when the folder holds no certificate (with its key) for the name; throws a ServiceError when the folder
 * cannot be read (Caddy writes its storage for its own user only).
 */
export async function locateCaddyCertificate(dataDir: string, name: string): Promise<LocatedCaddyCertificate | undefined> {
  const candidates = findCaddyCertificates(await listCaddyCertificates(dataDir), name);
  const readable = await Promise.all(
    candidates.map(async (files) => {
      const certificateFile = join(dataDir, files.certificate);
      const leaf = await readLeaf(certificateFile);
      if (!leaf) return undefined;
      const keyFile = join(dataDir, files.key);
      return { ...files, certificateFile, keyFile, notAfter: new Date(leaf.validTo), fingerprint256: leaf.fingerprint256 };
    }),
  );
  return chooseCaddyCertificate(readable.filter((c) => c !== undefined));
}

/** `<root>/<issuer>/<site>/<file>` paths relative to `dataDir`, from the first root that exists. */
export async function listCaddyCertificates(dataDir: string): Promise<string[]> {
  for (const root of ROOTS) {
    const issuers = await subfolders(join(dataDir, root));
    if (issuers === undefined) continue;
    const paths: string[] = [];
    for (const issuer of issuers) {
      for (const site of (await subfolders(join(dataDir, root, issuer))) ?? []) {
        const folder = join(dataDir, root, issuer, site);
        const files = await readdir(folder).catch((error: unknown) => unreadable(error, folder));
        paths.push(...(files ?? []).map((file) => [root, issuer, site, file].filter(Boolean).join('/')));
      }
    }
    return paths;
  }
  return [];
}

async function subfolders(dir: string): Promise<string[] | undefined> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => unreadable(error, dir));
  return entries?.filter((e) => e.isDirectory()).map((e) => e.name);
}

/** Absent folders are undefined; any other failure is the user's to fix. */
function unreadable(error: unknown, path: string): undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  if (code === 'EACCES' || code === 'EPERM') {
    throw new ServiceError(`cannot read ${path}: permission denied (Caddy keeps its storage for its own user: run as root)`);
  }
  throw new ServiceError(`cannot read ${path}: ${code ?? (error as Error).message}`);
}

async function readLeaf(file: string): Promise<X509Certificate | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const [leaf] = text === undefined ? [] : pemBlocks(text);
  try {
    return leaf ? new X509Certificate(leaf) : undefined;
  } catch {
    return undefined;
  }
}
