import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRenewal, hostRenewalJobs, renewerContainers, type RenewalFacts } from '../../src/services/tls/renewal.js';
import { installRenewalCron, renewalCronLine } from '../../src/services/tls/renewal-cron.js';
import { byId } from '../support/dns-fixtures.js';
import { daysFromNow, makeCa, makeCertificate } from '../support/tls-certs.js';

/** Renewal readiness for SSL_TYPE=letsencrypt: something renews, and the certificate is not past its renewal point. */

const ca = makeCa();
/** A 90-day certificate issued `age` days ago. */
const issued = (age: number) =>
  makeCertificate({ names: ['mail.example.test'], issuer: ca, notBefore: daysFromNow(-age), notAfter: daysFromNow(90 - age) }).cert;
const facts = (more: Partial<RenewalFacts>): RenewalFacts => ({
  sslType: 'letsencrypt',
  fqdn: 'mail.example.test',
  renewers: ['certbot (certbot/certbot)'],
  certbotConfig: true,
  now: new Date(),
  ...more,
});

describe('checkRenewal', () => {
  it('says nothing for SSL types that are renewed by hand, nor for manual without its certificate file read', () => {
    expect(checkRenewal(facts({ sslType: 'self-signed', served: issued(80) }))).toEqual([]);
    expect(checkRenewal(facts({ sslType: 'manual', served: issued(80) }))).toEqual([]);
  });

  it('passes a running renewer and a certificate before its renewal point', () => {
    const results = byId(checkRenewal(facts({ served: issued(10) })));
    expect(results['renewal.agent']).toMatchObject({ status: 'pass', summary: 'renewed by certbot (certbot/certbot)' });
    expect(results['renewal.due']).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(/^renewal is due on \d{4}-\d\d-\d\d \(30 days before expiry\)$/),
    });
  });

  it('warns when nothing renews, naming certbot’s own config when it is there', () => {
    expect(byId(checkRenewal(facts({ renewers: [] })))['renewal.agent']).toMatchObject({
      status: 'warn',
      summary:
        'certbot obtained it (renewal/mail.example.test.conf), but nothing was found that renews the certificate of mail.example.test',
    });
    expect(byId(checkRenewal(facts({ renewers: [], certbotConfig: false })))['renewal.agent']?.summary).toBe(
      'nothing was found that renews the certificate of mail.example.test',
    );
  });

  it('warns when the certificate is days past its renewal point (renewal is failing)', () => {
    expect(byId(checkRenewal(facts({ served: issued(61) })))['renewal.due']?.status).toBe('pass');
    expect(byId(checkRenewal(facts({ served: issued(70) })))['renewal.due']).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/renewed (9|10) days ago: renewal is failing/),
    });
  });
});

describe('finding what renews', () => {
  it('recognises renewing containers by image', () => {
    const containers = [
      { Names: ['/certbot'], Image: 'certbot/certbot:latest' },
      { Names: ['/proxy'], Image: 'traefik:v3' },
      { Names: ['/mailserver'], Image: 'ghcr.io/docker-mailserver/docker-mailserver:latest' },
    ];
    expect(renewerContainers(containers)).toEqual(['certbot (certbot/certbot:latest)', 'proxy (traefik:v3)']);
  });

  it('finds host cron jobs and systemd timers, not commented-out ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mailwiz-cron-'));
    try {
      await mkdir(join(root, 'etc/cron.d'), { recursive: true });
      await mkdir(join(root, 'etc/systemd/system/timers.target.wants'), { recursive: true });
      await writeFile(join(root, 'etc/crontab'), '# 0 3 * * * certbot renew\n');
      await writeFile(join(root, 'etc/cron.d/certbot'), '0 */12 * * * root certbot -q renew\n');
      await writeFile(join(root, 'etc/systemd/system/timers.target.wants/certbot.timer'), '');
      expect(await hostRenewalJobs(root)).toEqual([`cron (${join(root, 'etc/cron.d/certbot')})`, 'systemd timer certbot.timer']);
      expect(await hostRenewalJobs(join(root, 'nowhere'))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('finds the cron job `mailwiz cert renew` installs, and one written by hand', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mailwiz-cron-'));
    try {
      const cronDir = join(root, 'etc/cron.d');
      await mkdir(cronDir, { recursive: true });
      const line = renewalCronLine(['/usr/bin/node', '/opt/mailwiz/dist/mailwiz.js'], '/srv/letsencrypt');
      const installed = await installRenewalCron(line, cronDir);
      await writeFile(join(root, 'etc/crontab'), '17 4 * * * root mailwiz cert renew --dir /etc/letsencrypt\n');
      expect(await hostRenewalJobs(root)).toEqual([`cron (${join(root, 'etc/crontab')})`, `cron (${installed})`]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('does not take other mailwiz jobs for renewal', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mailwiz-cron-'));
    try {
      await mkdir(join(root, 'etc/cron.d'), { recursive: true });
      await writeFile(join(root, 'etc/cron.d/mailwiz-check'), '0 6 * * * root mailwiz check --json >/var/log/mailwiz-check.json\n');
      await writeFile(join(root, 'etc/cron.d/status'), '0 7 * * * root mailwiz cert status\n');
      expect(await hostRenewalJobs(root)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
