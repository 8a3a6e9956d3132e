import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caddyManualTls, caddySiteName, chooseCaddyCertificate, findCaddyCertificates } from '../../src/dms/caddy-storage.js';
import { listCaddyCertificates, locateCaddyCertificate } from '../../src/services/tls/caddy-certificate.js';
import { daysFromNow, makeCa, makeCertificate } from '../support/tls-certs.js';

/** Caddy's certificate storage: finding the files for a name in a listing, and on disk with real certificates. */

const LE = 'acme-v02.api.letsencrypt.org-directory';
const ZEROSSL = 'acme.zerossl.com-v2-dv90';
/** A site folder as Caddy writes it: certificate, key, metadata. */
const site = (prefix: string, issuer: string, name: string): string[] =>
  ['crt', 'key', 'json'].map((ext) => `${prefix}${issuer}/${name}/${name}.${ext}`);

describe('caddySiteName: certmagic’s safe names', () => {
  it.each([
    ['mail.example.com', 'mail.example.com'],
    ['*.example.com', 'wildcard_.example.com'],
    ['Mail.Example.COM', 'mail.example.com'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['../etc', 'etc'],
  ])('%s → %s', (name, safe) => {
    expect(caddySiteName(name)).toBe(safe);
  });
});

describe('findCaddyCertificates (a listing)', () => {
  const listing = [
    'caddy/acme/acme-v02.api.letsencrypt.org-directory/users/admin@example.com/admin.key',
    'caddy/locks/issue_cert_mail.example.com.lock',
    ...site('caddy/certificates/', LE, 'wildcard_.example.com'),
    ...site('caddy/certificates/', ZEROSSL, 'mail.example.com'),
    ...site('caddy/certificates/', LE, 'mail.example.com'),
    ...site('caddy/certificates/', LE, 'www.example.org'),
    // a certificate without its key is of no use to DMS
    `caddy/certificates/local/mail.example.com/mail.example.com.crt`,
  ];

  it('finds the name under any issuer, exact ones before the wildcard of its parent domain', () => {
    expect(findCaddyCertificates(listing, 'mail.example.com')).toEqual([
      {
        issuer: ZEROSSL,
        site: 'mail.example.com',
        wildcard: false,
        folder: `caddy/certificates/${ZEROSSL}/mail.example.com`,
        certificate: `caddy/certificates/${ZEROSSL}/mail.example.com/mail.example.com.crt`,
        key: `caddy/certificates/${ZEROSSL}/mail.example.com/mail.example.com.key`,
      },
      expect.objectContaining({ issuer: LE, site: 'mail.example.com', wildcard: false }),
      expect.objectContaining({ issuer: LE, site: 'wildcard_.example.com', wildcard: true }),
    ]);
  });

  it('falls back to the wildcard, and finds nothing for other names', () => {
    expect(findCaddyCertificates(listing, 'smtp.example.com').map((f) => f.site)).toEqual(['wildcard_.example.com']);
    expect(findCaddyCertificates(listing, 'mail.example.net')).toEqual([]);
    expect(findCaddyCertificates(listing, 'example.com')).toEqual([]);
  });

  it('works on a listing of the `caddy` folder or of `certificates` itself', () => {
    expect(findCaddyCertificates(site('certificates/', LE, 'mail.example.com'), 'mail.example.com')[0]?.folder).toBe(
      `certificates/${LE}/mail.example.com`,
    );
    expect(findCaddyCertificates(site('', LE, 'mail.example.com'), 'mail.example.com')[0]?.key).toBe(
      `${LE}/mail.example.com/mail.example.com.key`,
    );
  });
});

describe('chooseCaddyCertificate', () => {
  const files = (issuer: string, wildcard: boolean, days: number) => ({
    issuer,
    site: wildcard ? 'wildcard_.example.com' : 'mail.example.com',
    wildcard,
    folder: '',
    certificate: '',
    key: '',
    notAfter: daysFromNow(days),
  });

  it('takes the name’s own before a wildcard, even a newer one; among issuers the one valid longest', () => {
    const chosen = chooseCaddyCertificate([files(LE, false, 40), files(ZEROSSL, false, 80), files(LE, true, 89)]);
    expect(chosen).toMatchObject({ issuer: ZEROSSL, wildcard: false });
    expect(chooseCaddyCertificate([files(LE, true, 10)])).toMatchObject({ wildcard: true });
    expect(chooseCaddyCertificate([])).toBeUndefined();
  });
});

describe('caddyManualTls', () => {
  it('mounts the site folder read-only and points SSL_TYPE=manual into it', () => {
    const [found] = findCaddyCertificates(site('caddy/certificates/', LE, 'mail.example.com'), 'mail.example.com');
    expect(caddyManualTls('/srv/caddy-data', found!)).toEqual({
      volume: `/srv/caddy-data/caddy/certificates/${LE}/mail.example.com/:/srv/tls/mail.example.com/:ro`,
      env: {
        SSL_TYPE: 'manual',
        SSL_CERT_PATH: '/srv/tls/mail.example.com/mail.example.com.crt',
        SSL_KEY_PATH: '/srv/tls/mail.example.com/mail.example.com.key',
      },
    });
  });
});

describe('locateCaddyCertificate (a data folder on disk)', () => {
  const ca = makeCa();
  const older = makeCertificate({ names: ['mail.example.com'], issuer: ca, notAfter: daysFromNow(30) });
  const newer = makeCertificate({ names: ['mail.example.com'], issuer: ca, notAfter: daysFromNow(85) });
  const wildcard = makeCertificate({ names: ['*.example.com'], issuer: ca, notAfter: daysFromNow(89) });
  let data: string;

  async function writeSite(issuer: string, name: string, certPem: string): Promise<void> {
    const folder = join(data, 'caddy', 'certificates', issuer, name);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `${name}.crt`), certPem);
    await writeFile(join(folder, `${name}.key`), 'the key is never read', { mode: 0o600 });
    await writeFile(join(folder, `${name}.json`), '{"sans":["x"],"issuer_data":{}}');
  }

  beforeAll(async () => {
    data = await mkdtemp(join(tmpdir(), 'mailwiz-caddy-'));
    await writeSite(LE, 'mail.example.com', older.certPem);
    await writeSite(ZEROSSL, 'mail.example.com', newer.certPem + ca.certPem);
    await writeSite(LE, 'wildcard_.example.com', wildcard.certPem);
    await writeSite('local', 'mail.example.com', 'not a certificate');
  });
  afterAll(async () => {
    await rm(data, { recursive: true, force: true });
  });

  it('finds the newest certificate of the name among issuers, skipping an unreadable one', async () => {
    const located = await locateCaddyCertificate(data, 'mail.example.com');
    expect(located).toMatchObject({
      issuer: ZEROSSL,
      certificateFile: join(data, 'caddy/certificates', ZEROSSL, 'mail.example.com/mail.example.com.crt'),
      keyFile: join(data, 'caddy/certificates', ZEROSSL, 'mail.example.com/mail.example.com.key'),
      fingerprint256: newer.cert.fingerprint256,
    });
    expect(located?.notAfter.getTime()).toBe(Date.parse(newer.cert.validTo));
  });

  it('takes the wildcard for another name; the `caddy` folder works as the start too', async () => {
    expect(await locateCaddyCertificate(data, 'smtp.example.com')).toMatchObject({ site: 'wildcard_.example.com', wildcard: true });
    expect((await locateCaddyCertificate(join(data, 'caddy'), 'mail.example.com'))?.issuer).toBe(ZEROSSL);
    expect(await locateCaddyCertificate(data, 'mail.example.net')).toBeUndefined();
    expect(await locateCaddyCertificate(join(data, 'nowhere'), 'mail.example.com')).toBeUndefined();
  });

  it('lists only the certificates area, three levels down', async () => {
    await mkdir(join(data, 'caddy', 'acme', LE, 'users', 'admin'), { recursive: true });
    const listing = await listCaddyCertificates(data);
    expect(listing.every((path) => path.startsWith('caddy/certificates/'))).toBe(true);
    expect(listing).toContain(`caddy/certificates/${LE}/mail.example.com/mail.example.com.key`);
  });
});
