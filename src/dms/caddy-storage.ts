import { posix } from 'node:path';

/**
 * Where Caddy keeps the certificates it obtained (its default file storage, certmagic's):
 * `<data>/caddy/certificates/<issuer>/<site>/<site>.crt`, `.key` and `.json`. `<data>` is Caddy's data folder (`/data`
 * in the official image); `<issuer>` comes from the CA (`acme-v02.api.letsencrypt.org-directory`,
 * `acme.zerossl.com-v2-dv90`, `local` for `tls internal`), so one name can have a folder per CA; `<site>` is the name
 * made safe for a path: lower case, `*` written `wildcard_` (`wildcard_.example.com`).
 *
 * DMS reads them with SSL_TYPE=manual (SSL_CERT_PATH / SSL_KEY_PATH). Mount the site's folder, not the two files:
 * a single-file bind mount keeps the file the container started with when Caddy writes a renewed one.
 */

export interface CaddyCertificateFiles {
  issuer: string;
  /** The site folder's name, e.g. `mail.example.com` or `wildcard_.example.com`. */
  site: string;
  /** The certificate is the wildcard of the name's parent domain. */
  wildcard: boolean;
  /** Paths as in the listing (relative to the folder listed). */
  folder: string;
  certificate: string;
  key: string;
}

/** certmagic's name for a storage path component. */
export function caddySiteName(name: string): string {
  const replaced = name
    .toLowerCase()
    .trim()
    .replaceAll(' ', '_')
    .replaceAll('+', '_plus_')
    .replaceAll('*', 'wildcard_')
    .replaceAll(':', '-')
    .replaceAll('..', '');
  return replaced.replace(/[^\w@.-]/g, '');
}

// `[prefix/]certificates/<issuer>/<site>/<site>.crt`, or `<issuer>/<site>/<site>.crt` when the listing starts there.
const SITE_CERTIFICATE = /^((?:.*\/)?certificates\/)?([^/]+)\/([^/]+)\/\3\.crt$/;

/**
 * The certificates for `name` in a listing of file paths ('/'-separated, relative to Caddy's data folder, its `caddy`
 * folder or its `certificates` folder): those of the name itself first, then the wildcard of its parent domain; only
 * those with their key beside them.
 */
export function findCaddyCertificates(listing: readonly string[], name: string): CaddyCertificateFiles[] {
  const exact = caddySiteName(name);
  const labels = name.split('.');
  const wildcard = labels.length > 2 ? caddySiteName(`*.${labels.slice(1).join('.')}`) : undefined;
  const files = new Set(listing);
  const found: CaddyCertificateFiles[] = [];
  for (const path of listing) {
    const match = SITE_CERTIFICATE.exec(path);
    if (!match) continue;
    const [, prefix = '', issuer = '', site = ''] = match;
    if (site !== exact && site !== wildcard) continue;
    const folder = `${prefix}${issuer}/${site}`;
    const key = `${folder}/${site}.key`;
    if (files.has(key)) found.push({ issuer, site, wildcard: site !== exact, folder, certificate: path, key });
  }
  return [...found.filter((f) => !f.wildcard), ...found.filter((f) => f.wildcard)];
}

/** The one to use: the name's own before a wildcard; among several issuers, the one valid longest. */
export function chooseCaddyCertificate<T extends CaddyCertificateFiles & { notAfter: Date }>(candidates: readonly T[]): T | undefined {
  const own = candidates.filter((c) => !c.wildcard);
  const pool = own.length > 0 ? own : candidates;
  return pool.reduce<T | undefined>((best, c) => (!best || c.notAfter > best.notAfter ? c : best), undefined);
}

export interface CaddyManualTls {
  /** A compose volume: the site folder, read-only. */
  volume: string;
  env: { SSL_TYPE: 'manual'; SSL_CERT_PATH: string; SSL_KEY_PATH: string };
}

/**
 * How DMS reads a certificate Caddy keeps in `dataDir` (the host folder the listing was made of): its site folder
 * mounted at /srv/tls/<site>/ and SSL_TYPE=manual pointing into it. The path names the issuer: should Caddy change
 * CA, the folder changes too.
 */
export function caddyManualTls(dataDir: string, files: CaddyCertificateFiles): CaddyManualTls {
  const inside = `/srv/tls/${files.site}`;
  return {
    volume: `${posix.join(dataDir, files.folder)}/:${inside}/:ro`,
    env: { SSL_TYPE: 'manual', SSL_CERT_PATH: `${inside}/${files.site}.crt`, SSL_KEY_PATH: `${inside}/${files.site}.key` },
  };
}
