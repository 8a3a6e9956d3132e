import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { probeTls } from '../../src/services/tls/probe.js';
import { startAuthoritativeDns, type AuthoritativeDns } from '../support/dns-server.js';
import { eventually } from '../support/eventually.js';
import { freeTcpPort, startPebble, type Pebble } from '../support/pebble.js';
import { runCli } from '../support/run-cli.js';
import { startTestbed, TEST_DOMAIN, type Testbed } from '../support/testbed.js';

/**
 * `mailwiz cert` as an admin runs it: the built CLI obtains a certificate from a real ACME server (pebble, validating
 * http-01 through Knot on loopback) into a Let's Encrypt folder, keeps it while it is not due, renews it, lists it, and
 * writes the cron entry; a testbed with SSL_TYPE=letsencrypt serves it and picks the renewed one up by itself.
 */

const FQDN = `mail.${TEST_DOMAIN}`;
const log = (line: string): void => void process.stderr.write(`[cert] ${line}\n`);

let dns: AuthoritativeDns;
let pebble: Pebble;
let dir: string;
let caFile: string;
let acmeArgs: string[];

const cert = (args: string[], env: Record<string, string> = {}) => runCli(['cert', ...args], { env });
const fullchain = (): string => join(dir, 'live', FQDN, 'fullchain.pem');
const fingerprint = async (): Promise<string> => new X509Certificate(await readFile(fullchain(), 'utf8')).fingerprint256;

beforeAll(async () => {
  dns = await startAuthoritativeDns([{ origin: TEST_DOMAIN, records: 'mail A 127.0.0.1' }], log);
  pebble = await startPebble(dns.server, log);
  dir = await mkdtemp(join(tmpdir(), 'mailwiz-cert-'));
  caFile = join(dir, 'pebble-listener-ca.pem');
  await writeFile(caFile, pebble.listenerCa);
  acmeArgs = ['--dir', dir, '--acme-directory', pebble.directoryUrl, '--acme-ca', caFile, '--http-port', String(pebble.challengePort)];
}, 60_000);

afterAll(async () => {
  await pebble?.stop();
  await dns?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mailwiz cert', () => {
  it('obtains a certificate for the name into live/<name>/, the key 0600, and records how to renew it', async () => {
    const result = await cert(['obtain', '--name', FQDN, '--email', `postmaster@${TEST_DOMAIN}`, ...acmeArgs]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${FQDN.replace(/\./g, '\\.')}: obtained \\(valid until \\d{4}-\\d\\d-\\d\\d`, 'm'));
    const leaf = new X509Certificate(await readFile(fullchain(), 'utf8'));
    expect(leaf.checkHost(FQDN)).toBe(FQDN);
    expect((await stat(join(dir, 'live', FQDN, 'privkey.pem'))).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(join(dir, 'mailwiz', 'renewal', `${FQDN}.json`), 'utf8')) as Record<string, unknown>;
    expect(saved).toEqual({
      names: [FQDN],
      email: `postmaster@${TEST_DOMAIN}`,
      directoryUrl: pebble.directoryUrl,
      caFile,
      httpPort: pebble.challengePort,
    });
  });

  it('keeps a certificate that is not due, and renews on --force or when --days reaches it', async () => {
    const before = await fingerprint();
    const kept = await cert(['obtain', '--name', FQDN, ...acmeArgs]);
    expect(kept.stdout).toContain('not due yet, kept');
    expect(await fingerprint()).toBe(before);

    const renewNothing = await cert(['renew', '--dir', dir]);
    expect(renewNothing.exitCode).toBe(0);
    expect(renewNothing.stdout).toContain('not due yet, kept');
    expect(await fingerprint()).toBe(before);

    const forced = await cert(['renew', '--dir', dir, '--force']);
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toContain(`${FQDN}: renewed`);
    expect(await fingerprint()).not.toBe(before);
  });

  it('lists the certificates with their expiry and renewal date (text and JSON)', async () => {
    const leaf = new X509Certificate(await readFile(fullchain(), 'utf8'));
    const json = await cert(['status', '--dir', dir, '--json']);
    expect(json.exitCode).toBe(0);
    const [entry] = (JSON.parse(json.stdout) as { certificates: { names: string[]; notAfter: string; daysLeft: number }[] }).certificates;
    expect(entry?.names).toEqual([FQDN]);
    expect(entry?.notAfter).toBe(new Date(leaf.validTo).toISOString());
    expect(entry?.daysLeft).toBe(Math.floor((Date.parse(leaf.validTo) - Date.now()) / 86_400_000));
    const text = await cert(['status', '--dir', dir]);
    expect(text.stdout).toContain(`${FQDN}: expires ${new Date(leaf.validTo).toISOString().slice(0, 10)}`);
  });

  it('prints and installs the cron entry that renews them', async () => {
    const printed = await cert(['cron', '--dir', dir]);
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toMatch(new RegExp(`^\\d{1,2} 3,15 \\* \\* \\* root '.+node' '.+mailwiz\\.js' 'cert' 'renew' '--dir' '${dir}' >>`, 'm'));
    const cronDir = await mkdtemp(join(tmpdir(), 'mailwiz-cron-'));
    try {
      const installed = await cert(['cron', '--dir', dir, '--install'], { MAILWIZ_CRON_DIR: cronDir });
      expect(installed.exitCode).toBe(0);
      const file = join(cronDir, 'mailwiz-cert-renew');
      expect(installed.stdout).toBe(`wrote ${file}\n`);
      expect(await readFile(file, 'utf8')).toContain(printed.stdout.trim());
      expect((await stat(file)).mode & 0o777).toBe(0o644);
    } finally {
      await rm(cronDir, { recursive: true, force: true });
    }
  });

  it('prints a certbot service for compose.yaml for those who let certbot do it', async () => {
    const printed = await cert(['certbot', '--name', FQDN, '--email', `postmaster@${TEST_DOMAIN}`]);
    expect(printed.exitCode).toBe(0);
    const service = (parse(printed.stdout.split('\nLet')[0] ?? '') as { services: { certbot: { ports: string[]; entrypoint: string[] } } }).services.certbot;
    expect(service.ports).toEqual(['80:80']);
    expect(service.entrypoint[2]).toContain(`--email postmaster@${TEST_DOMAIN} --keep-until-expiring -d ${FQDN}`);
    expect(printed.stdout).toContain(`The new files land in /etc/letsencrypt/live/${FQDN}/`);
  });

  it('refuses bad input before asking anyone, and writes nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mailwiz-cert-empty-'));
    try {
      for (const [args, message] of [
        [['obtain', '--name', 'not a name', '--dir', empty], /cert: 'not a name' is not a domain name/],
        [['obtain', '--name', FQDN, '--email', 'nobody', '--dir', empty], /'nobody' is not an email address/],
        [['obtain', '--name', FQDN, '--http-port', '99999', '--dir', empty], /'99999' is not a port number/],
        [['obtain', '--name', FQDN, '--staging', '--acme-directory', pebble.directoryUrl, '--dir', empty], /exclude each other/],
        [['renew', '--days', 'soon', '--dir', empty], /--days 'soon'/],
        [['frobnicate'], /unknown command 'frobnicate'/],
        [['certbot', '--name', FQDN, '--email', 'nobody'], /'nobody' is not an email address/],
      ] as const) {
        const result = await cert([...args]);
        expect(result.stderr, args.join(' ')).toMatch(message);
        expect(result.exitCode).toBe(2);
      }
      const status = await cert(['status', '--dir', empty]);
      expect(status.stdout).toContain('no certificate obtained by mailwiz');
      await expect(stat(join(empty, 'live'))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('says why when the challenge port is taken', async () => {
    const busy: Server = createServer();
    const port = await freeTcpPort();
    await new Promise<void>((resolve) => busy.listen(port, resolve));
    try {
      const result = await cert(['obtain', '--name', FQDN, '--force', ...acmeArgs.slice(0, -1), String(port)]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`port ${port} is in use`);
    } finally {
      busy.close();
    }
  });
});

describe('a mail server with SSL_TYPE=letsencrypt on that folder', () => {
  let testbed: Testbed;
  const served = async (): Promise<string | undefined> => {
    const probe = await probeTls({ host: '127.0.0.1', port: testbed.port(993), mode: 'implicit', servername: FQDN }, { timeoutMs: 3000 });
    return probe.ok && probe.chain[0] ? new X509Certificate(probe.chain[0]).fingerprint256 : undefined;
  };

  beforeAll(async () => {
    testbed = await startTestbed({ env: { SSL_TYPE: 'letsencrypt' }, binds: [`${dir}:/etc/letsencrypt:ro`] });
  }, 150_000);
  afterAll(async () => {
    await testbed?.remove();
  });

  it('serves the certificate mailwiz obtained, and the renewed one after `mailwiz cert renew`', async () => {
    expect(await eventually(async () => (await served()) === (await fingerprint()), 20_000, 250)).toBe(true);
    const before = await fingerprint();
    const renewed = await cert(['renew', '--dir', dir, '--force']);
    expect(renewed.exitCode).toBe(0);
    const after = await fingerprint();
    expect(after).not.toBe(before);
    // The change detector notices the new files in live/<FQDN>/ and reloads Postfix and Dovecot.
    expect(await eventually(async () => (await served()) === after, 60_000, 500)).toBe(true);
  });
});
