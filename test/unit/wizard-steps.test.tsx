import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeployStep } from '../../wizards/deploy-step.js';
import { DnsStep } from '../../wizards/dns-step.js';
import { FeaturesStep } from '../../wizards/features-step.js';
import { PreflightStep } from '../../wizards/preflight-step.js';
import { ReviewStep } from '../../wizards/review-step.js';
import { TlsStep } from '../../wizards/tls-step.js';
import { KEYS } from '../support/wizard-ink.js';
import { sampleAnswers } from '../support/wizard-answers.js';
import { readyReport, renderStep, stepServices } from '../support/wizard-steps.js';

describe('pre-flight step', () => {
  it('asks the folder, shows the checks, and goes on with the small-host hint', async () => {
    const report = readyReport({ smallHost: true, checks: [{ id: 'memory', title: 'Memory', status: 'warn', message: '2.0 GiB: too little for ClamAV' }] });
    const step = await renderStep(PreflightStep, sampleAnswers(), { services: stepServices(report) });
    await step.erase(30);
    await step.answer('relative');
    expect(step.frame()).toContain('relative is not an absolute path');
    await step.erase(8);
    await step.answer('/srv/mail/');
    await step.until(/What now\?/);
    expect(step.frame()).toContain('! Memory 2.0 GiB: too little for ClamAV');
    await step.press(KEYS.enter);
    expect(step.next()).toMatchObject({ directory: '/srv/mail', features: { clamav: false } });
    await step.unmount();
  });

  it('offers to manage an existing mail server instead, and cannot go on without an engine', async () => {
    const existing = readyReport({ mailServers: [{ name: 'mailserver', image: 'dms', state: 'running', reason: 'image' }] });
    const step = await renderStep(PreflightStep, sampleAnswers(), { services: stepServices(existing) });
    await step.answer('');
    await step.until(/Manage mailserver instead/);
    await step.press(KEYS.down);
    await step.press(KEYS.enter);
    expect(step.quit()).toEqual({ code: 0, message: expect.stringContaining('Nothing was changed. To manage mailserver: mailwiz -c mailserver console') });
    await step.unmount();

    const blocked = readyReport({ blocked: true, checks: [{ id: 'engine', title: 'Docker engine', status: 'fail', message: 'Cannot reach the Docker engine at unix:///var/run/docker.sock (ENOENT).' }] });
    const stuck = await renderStep(PreflightStep, sampleAnswers(), { services: stepServices(blocked) });
    await stuck.answer('');
    await stuck.until(/Check again/);
    expect(stuck.frame()).toContain('✗ Docker engine Cannot reach the Docker engine');
    expect(stuck.frame()).not.toContain('Continue');
    await stuck.press(KEYS.esc);
    expect(stuck.frame()).toContain('Folder for the mail server');
    await stuck.unmount();
  });
});

describe('features step', () => {
  it('explains each feature, refuses ClamAV without a filter, asks the relay, and notes a small host', async () => {
    const step = await renderStep(FeaturesStep, sampleAnswers(), { hints: { smallHost: true } });
    expect(step.frame()).toMatch(/Rspamd — modern and fast/);
    await step.press(KEYS.down);
    await step.press(KEYS.down);
    await step.press(KEYS.enter);
    expect(step.frame()).toContain('ClamAV starts off');
    expect(step.frame()).toMatch(/\[ \] ClamAV — virus scanning; needs ~2\.5 GB memory: this host has too little/);
    expect(step.frame()).toMatch(/\[x\] Fail2Ban — bans addresses that keep guessing passwords \(adds NET_ADMIN\)/);
    await step.press(KEYS.space);
    await step.press(KEYS.enter);
    await step.press(KEYS.down);
    await step.press(KEYS.enter);
    await step.answer('smtp relay');
    expect(step.frame()).toContain("'smtp relay' is not a host name or IP address");
    await step.erase(10);
    await step.answer('relay.example.net');
    expect(step.frame()).toMatch(/› 587/);
    await step.answer('');
    await step.answer('me');
    await step.answer('');
    expect(step.frame()).toContain('Give the password of the relay user');
    await step.answer('relay-pw');
    expect(step.frame()).toContain('ClamAV scans mail through Amavis or Rspamd: choose one of them, or leave ClamAV off');
    expect(step.frame()).toContain('More features');
    await step.press(KEYS.space);
    await step.press(KEYS.enter);
    await step.press(KEYS.enter);
    await step.answer('');
    await step.answer('');
    await step.answer('');
    await step.answer('');
    expect(step.next()?.features).toEqual({
      spam: 'off',
      clamav: false,
      fail2ban: true,
      postgrey: false,
      pop3: false,
      managesieve: false,
      quotas: true,
      relay: { host: 'relay.example.net', port: 587, user: 'me', password: 'relay-pw' },
    });
    await step.unmount();
  });
});

describe('DNS and TLS steps', () => {
  it('shows the planned records; Enter goes on, Esc back', async () => {
    const step = await renderStep(DnsStep, sampleAnswers());
    expect(step.frame()).toMatch(/A {5}mail\.example\.com {2}\(required\)\n {6}203\.0\.113\.10\n/);
    expect(step.frame()).toMatch(/lines 1-12 of \d+/);
    for (let i = 0; i < 6; i++) await step.press(KEYS.down);
    expect(step.frame()).toMatch(/MX {4}example\.com {2}\(required\)\n {6}10 mail\.example\.com\n/);
    for (let i = 0; i < 6; i++) await step.press(KEYS.up);
    await step.press(KEYS.down);
    expect(step.frame()).toMatch(/lines 2-13/);
    await step.press(KEYS.esc);
    expect(step.backs()).toBe(1);
    await step.press(KEYS.enter);
    expect(step.next()).toBeDefined();
    await step.unmount();
  });

  it('stores the TLS choice, asking for the files of a manual certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailwiz-tls-'));
    await writeFile(join(dir, 'chain.pem'), 'x');
    const step = await renderStep(TlsStep, sampleAnswers());
    expect(step.frame()).toContain("Let's Encrypt — a free certificate for mail.example.com, renewed automatically");
    await step.press(KEYS.down);
    await step.press(KEYS.enter);
    await step.answer('');
    expect(step.frame()).toContain('Give the file of the certificate chain');
    await step.answer('chain.pem');
    expect(step.frame()).toContain('chain.pem is not an absolute path');
    await step.erase(9);
    await step.answer(join(dir, 'nope.pem'));
    expect(step.frame()).toContain(`${join(dir, 'nope.pem')} does not exist on this machine`);
    await step.erase(join(dir, 'nope.pem').length);
    await step.answer(join(dir, 'chain.pem'));
    await step.answer(join(dir, 'chain.pem'));
    expect(step.next()?.tls).toEqual({ type: 'manual', certPath: join(dir, 'chain.pem'), keyPath: join(dir, 'chain.pem') });
    await step.unmount();
  });

  it("asks where a Let's Encrypt certificate comes from, with what each source needs", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailwiz-le-'));
    const kept = { acmeDirectory: 'https://acme.internal/directory', httpPort: 8080 };
    const mailwiz = await renderStep(TlsStep, sampleAnswers({ tls: { type: 'letsencrypt', ...kept } }));
    await mailwiz.press(KEYS.enter);
    expect(mailwiz.frame()).toContain('mailwiz gets it now — over ACME before the first start; port 80 must reach it; cron renews it');
    await mailwiz.press(KEYS.enter);
    await mailwiz.answer('not-an-address');
    expect(mailwiz.frame()).toContain("'not-an-address' is not an email address");
    await mailwiz.erase(14);
    await mailwiz.answer('postmaster@example.com');
    expect(mailwiz.next()?.tls).toEqual({ type: 'letsencrypt', source: 'mailwiz', email: 'postmaster@example.com', ...kept });
    await mailwiz.unmount();

    const existing = await renderStep(TlsStep, sampleAnswers());
    await existing.press(KEYS.enter);
    await existing.press(KEYS.down);
    await existing.press(KEYS.enter);
    await existing.erase(20);
    await existing.answer(dir);
    expect(existing.frame().replace(/\s+/g, ' ')).toContain(`No certificate at ${join(dir, 'live/mail.example.com/fullchain.pem')}: DMS does not start without it.`);
    await mkdir(join(dir, 'live', 'mail.example.com'), { recursive: true });
    await writeFile(join(dir, 'live', 'mail.example.com', 'fullchain.pem'), 'x');
    await existing.answer('');
    expect(existing.next()?.tls).toEqual({ type: 'letsencrypt', source: 'existing', letsencryptDir: dir });
    await existing.unmount();

    const traefik = await renderStep(TlsStep, sampleAnswers());
    await traefik.press(KEYS.enter);
    await traefik.press(KEYS.down);
    await traefik.press(KEYS.down);
    await traefik.press(KEYS.enter);
    await traefik.answer(join(dir, 'acme.json'));
    expect(traefik.frame()).toContain(`${join(dir, 'acme.json')} does not exist on this machine`);
    await writeFile(join(dir, 'acme.json'), '{}');
    await traefik.answer('');
    expect(traefik.next()?.tls).toEqual({ type: 'letsencrypt', source: 'traefik', acmeJson: join(dir, 'acme.json') });
    await traefik.unmount();
  });
});

describe('steps reach the machine only through their services', () => {
  it('the TLS step asks the services whether a file exists; the review step shows the start warnings they find', async () => {
    const asked: string[] = [];
    const services = stepServices(readyReport(), { pathExists: (path) => (asked.push(path), path === '/srv/given/chain.pem') });
    const tls = await renderStep(TlsStep, sampleAnswers(), { services });
    await tls.press(KEYS.down);
    await tls.press(KEYS.enter);
    await tls.answer('/srv/absent.pem');
    expect(tls.frame()).toContain('/srv/absent.pem does not exist on this machine');
    await tls.erase('/srv/absent.pem'.length);
    await tls.answer('/srv/given/chain.pem');
    await tls.answer('/srv/given/chain.pem');
    expect(tls.next()?.tls).toEqual({ type: 'manual', certPath: '/srv/given/chain.pem', keyPath: '/srv/given/chain.pem' });
    expect(asked).toEqual(['/srv/absent.pem', '/srv/given/chain.pem', '/srv/given/chain.pem']);
    await tls.unmount();

    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-review-seam-'));
    const warned = stepServices(readyReport(), { startWarnings: async () => ['a warning only the services know'] });
    const review = await renderStep(ReviewStep, sampleAnswers({ directory }), { services: warned });
    await review.until(/a warning only the services know/);
    await review.unmount();
  });
});

describe('review step', () => {
  it("warns when Traefik's acme.json holds no certificate DMS would take", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-review-traefik-'));
    const acmeJson = join(directory, 'acme.json');
    await writeFile(acmeJson, JSON.stringify({ letsencrypt: { Account: {}, Certificates: null } }));
    const step = await renderStep(ReviewStep, sampleAnswers({ directory, tls: { type: 'letsencrypt', source: 'traefik', acmeJson } }));
    await step.until(/compose\.yaml: new/);
    expect(step.frame().replace(/\s+/g, ' ')).toContain(`! TLS ${acmeJson} holds no certificate for mail.example.com or example.com: DMS stops at start without a certificate.`);
    await step.unmount();
  });

  it('lists what is wrong and writes nothing', async () => {
    const step = await renderStep(ReviewStep, sampleAnswers({ hostname: 'mail', firstAccount: { address: 'a@example.com', password: '', postmasterAlias: true } }));
    expect(step.frame()).toContain("✗ hostname 'mail' is not fully qualified");
    expect(step.frame()).toContain('✗ firstAccount.password Password must not be empty');
    await step.press(KEYS.enter);
    expect(step.next()).toBeUndefined();
    await step.press(KEYS.esc);
    expect(step.backs()).toBe(1);
    await step.unmount();
  });

  it('shows the files, asks, writes them; a second run shows the diff and backs up', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-review-'));
    const step = await renderStep(ReviewStep, sampleAnswers({ directory, hostname: 'mail.example.com' }));
    await step.until(/compose\.yaml: new/);
    expect(step.frame().replace(/\s+/g, ' ')).toContain(
      "! TLS mailwiz asks Let's Encrypt for the certificate of mail.example.com during the deploy: port 80 of mail.example.com must reach this machine",
    );
    expect(step.frame()).toContain("TLS         Let's Encrypt, obtained by mailwiz over ACME, renewed by cron");
    expect(step.frame()).toContain('Accounts    files; first account admin@example.com (+ postmaster alias)');
    expect(step.frame()).not.toContain('correct horse');
    await step.press(KEYS.enter);
    expect(step.frame()).toContain(`Write 2 file(s) to ${directory}? (y/n)`);
    await step.press('n');
    expect(step.next()).toBeUndefined();
    await step.press(KEYS.enter);
    await step.press('y');
    await step.until(/Writing|Review/);
    for (let i = 0; i < 40 && !step.next(); i++) await step.until(/./, 100).then(() => new Promise((r) => setTimeout(r, 25)));
    expect(step.next()).toBeDefined();
    expect((await stat(join(directory, 'compose.yaml'))).isFile()).toBe(true);
    await step.unmount();

    const again = await renderStep(ReviewStep, sampleAnswers({ directory, hostname: 'mx.example.com' }));
    await again.until(/compose\.yaml: changed \(the old one is backed up\)/);
    expect(again.frame()).toContain('-     hostname: mail.example.com');
    await again.press(KEYS.enter);
    expect(again.frame()).toContain('backing up the changed ones first? (y/n)');
    await again.unmount();
    expect(await readFile(join(directory, 'compose.yaml'), 'utf8')).toContain('hostname: mail.example.com');
  });
});

describe('deploy step', () => {
  it('says how to start later when the user does not deploy now', async () => {
    const step = await renderStep(DeployStep, sampleAnswers({ directory: '/srv/mail' }));
    expect(step.frame()).toContain('Deploy now? (y/n)');
    await step.press('n');
    expect(step.quit()).toEqual({
      code: 0,
      message: expect.stringContaining('cd /srv/mail && docker compose up -d\nthen, within two minutes (DMS stops without an account): docker exec -it mailserver setup email add admin@example.com'),
    });
    await step.unmount();
  });
});
