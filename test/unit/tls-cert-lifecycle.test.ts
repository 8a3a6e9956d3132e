import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysLeft, needsNewCertificate, readLiveCertificate, renewalDate } from '../../src/services/tls/live-certificate.js';
import { loadRenewalConfigs, renewalConfigProblem, saveRenewalConfig } from '../../src/services/tls/renewal-config.js';
import { programIsTemporary, renewalCronLine } from '../../src/services/tls/renewal-cron.js';
import { daysFromNow, makeCa, makeCertificate } from '../support/tls-certs.js';

/** When a certificate mailwiz obtained is due, how its renewal is recorded, and the cron entry that renews it. */

const ca = makeCa();
const FQDN = 'mail.example.test';
let dir: string;

/** A certificate issued `age` days ago, valid `lifetime` days, written to live/<FQDN>/fullchain.pem. */
async function live(age: number, lifetime = 90, names = [FQDN]) {
  const made = makeCertificate({ names, issuer: ca, notBefore: daysFromNow(-age), notAfter: daysFromNow(lifetime - age) });
  await mkdir(join(dir, 'live', FQDN), { recursive: true });
  await writeFile(join(dir, 'live', FQDN, 'fullchain.pem'), made.certPem + ca.certPem);
  const read = await readLiveCertificate(dir, FQDN);
  if (!read) throw new Error('not written');
  return read;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailwiz-live-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a live certificate', () => {
  it('is absent without a file, and read with its names and dates when there is one', async () => {
    expect(await readLiveCertificate(dir, 'other.example.test')).toBeUndefined();
    const cert = await live(10, 90, [FQDN, 'example.test']);
    expect(cert.names).toEqual([FQDN, 'example.test']);
    expect(daysLeft(cert, new Date())).toBe(79);
  });

  it('is due 30 days before expiry, or at two thirds of a short lifetime', async () => {
    const ninety = await live(10);
    expect(Math.round((ninety.notAfter.getTime() - renewalDate(ninety).getTime()) / 86_400_000)).toBe(30);
    expect(needsNewCertificate(ninety, [FQDN], new Date())).toBe(false);
    expect(needsNewCertificate(await live(61), [FQDN], new Date())).toBe(true);
    const sixDays = await live(0, 6);
    expect(Math.round((sixDays.notAfter.getTime() - renewalDate(sixDays).getTime()) / 86_400_000)).toBe(2);
  });

  it('is replaced when it lacks a name that was asked for', async () => {
    expect(needsNewCertificate(await live(1), [FQDN, 'imap.example.test'], new Date())).toBe(true);
  });

  it('that does not parse is an error, not "absent"', async () => {
    await writeFile(join(dir, 'live', FQDN, 'fullchain.pem'), 'garbage');
    await expect(readLiveCertificate(dir, FQDN)).rejects.toThrow(/holds no PEM certificate/);
  });
});

describe('the renewal record', () => {
  it('names what is wrong with a configuration', () => {
    expect(renewalConfigProblem({ names: [] })).toMatch(/at least one name/);
    expect(renewalConfigProblem({ names: ['bad name'] })).toMatch(/not a domain name/);
    expect(renewalConfigProblem({ names: [FQDN], email: 'x@' })).toMatch(/not an email address/);
    expect(renewalConfigProblem({ names: [FQDN], directoryUrl: 'ftp://x' })).toMatch(/not an http\(s\) URL/);
    expect(renewalConfigProblem({ names: [FQDN], httpPort: 0 })).toMatch(/not a port number/);
    expect(renewalConfigProblem({ names: [FQDN], email: 'a@example.test', httpPort: 80 })).toBeUndefined();
  });

  it('is saved per name and read back; a broken file is reported, not skipped', async () => {
    await saveRenewalConfig(dir, { names: [FQDN], email: 'a@example.test' });
    await writeFile(join(dir, 'mailwiz', 'renewal', 'broken.example.test.json'), '{"names": 3');
    const loaded = await loadRenewalConfigs(dir);
    expect(loaded.map((l) => [l.config?.names, l.error === undefined])).toEqual([
      [undefined, false],
      [[FQDN], true],
    ]);
  });
});

describe('the cron entry', () => {
  it('runs `cert renew` twice a day as root, each word quoted for the shell', () => {
    const line = renewalCronLine(['/usr/bin/node', "/opt/it's/mailwiz.js"], '/srv/lets encrypt');
    expect(line).toMatch(/^\d{1,2} 3,15 \* \* \* root /);
    expect(line).toContain(`'/usr/bin/node' '/opt/it'\\''s/mailwiz.js' 'cert' 'renew' '--dir' '/srv/lets encrypt' >>/var/log/mailwiz-cert-renew.log 2>&1`);
  });

  it('refuses a path cron would cut (% or a line break)', () => {
    expect(() => renewalCronLine(['/usr/bin/node', '/opt/mailwiz.js'], '/srv/50%')).toThrow(/cannot go into a cron entry/);
    expect(() => renewalCronLine(['/usr/bin/node', '/opt/mailwiz.js'], '/srv/a\nb')).toThrow(/cannot go into a cron entry/);
  });

  it('knows a program run from npx’s cache', () => {
    expect(programIsTemporary(['/usr/bin/node', '/root/.npm/_npx/1a2b/node_modules/mailwiz/dist/mailwiz.js'])).toBe(true);
    expect(programIsTemporary(['/usr/bin/node', '/usr/lib/node_modules/mailwiz/dist/mailwiz.js'])).toBe(false);
  });
});
