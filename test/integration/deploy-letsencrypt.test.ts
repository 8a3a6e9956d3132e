import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { probeTls } from '../../src/services/tls/probe.js';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { startAuthoritativeDns, type AuthoritativeDns } from '../support/dns-server.js';
import { eventually } from '../support/eventually.js';
import { startPebble, type Pebble } from '../support/pebble.js';
import { runCli } from '../support/run-cli.js';
import { requireEnvironment, TEST_DOMAIN } from '../support/testbed.js';
import { freePort } from '../support/wizard-apt.js';

/**
 * A deploy with SSL_TYPE=letsencrypt where mailwiz gets the certificate: `mailwiz init` asks a real ACME server
 * (pebble, validating http-01 through Knot on loopback) before the mail server's first start, writes the certificate
 * where the container reads it, installs the renewal cron entry, and the running server serves that certificate.
 */

const FQDN = `mail.${TEST_DOMAIN}`;
const docker = new Docker();
const log = (line: string): void => void process.stderr.write(`[deploy-le] ${line}\n`);

let dns: AuthoritativeDns;
let pebble: Pebble;
let base: string;

beforeAll(async () => {
  dns = await startAuthoritativeDns([{ origin: TEST_DOMAIN, records: 'mail A 127.0.0.1' }], log);
  pebble = await startPebble(dns.server, log);
  base = await mkdtemp(join(tmpdir(), 'mailwiz-deploy-le-'));
}, 60_000);

afterAll(async () => {
  await pebble?.stop();
  await dns?.stop();
  if (base) await rm(base, { recursive: true, force: true });
});

async function removeProject(project: string): Promise<void> {
  const filters = { label: [`com.docker.compose.project=${project}`] };
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true, v: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
}

describe('deploying with a certificate mailwiz obtains', () => {
  it('obtains it before the first start, serves it, and sets up its renewal', async () => {
    const directory = join(base, 'mailwiz-le');
    const letsencrypt = join(base, 'letsencrypt');
    const cronDir = await mkdtemp(join(base, 'cron-'));
    const acmeCa = join(base, 'pebble-ca.pem');
    await writeFile(acmeCa, pebble.listenerCa);
    const ports: Record<string, number> = {};
    for (const port of [25, 143, 465, 587, 993]) ports[String(port)] = await freePort();
    const answers = {
      directory,
      image: requireEnvironment(),
      containerName: `mailwiz-le-${testRunId()}`,
      domains: [TEST_DOMAIN],
      hostname: FQDN,
      accounts: { provisioner: 'file', first: `admin@${TEST_DOMAIN}`, password: 'le-password', postmasterAlias: false },
      features: { spam: 'off', clamav: false, fail2ban: false, postgrey: false, pop3: false, managesieve: false, quotas: true },
      tls: { type: 'letsencrypt', source: 'mailwiz', letsencryptDir: letsencrypt, email: `admin@${TEST_DOMAIN}`, acmeDirectory: pebble.directoryUrl, acmeCa, httpPort: pebble.challengePort },
      publish: { address: '127.0.0.1', ports },
      dns: ['127.0.0.1'],
    };
    await writeFile(join(base, 'answers.yaml'), stringify(answers), { mode: 0o600 });
    try {
      const init = await runCli(['init', '--answers', join(base, 'answers.yaml'), '--yes'], {
        env: { MAILWIZ_TEST_LABEL: `${TEST_LABEL}=${testRunId()}`, MAILWIZ_CRON_DIR: cronDir },
        timeout: 300_000,
      });
      expect(init.exitCode, `${init.stdout}\n${init.stderr}`).toBe(0);
      expect(init.stdout).toMatch(new RegExp(`✓ certificate: obtained from 127\\.0\\.0\\.1:\\d+ for ${FQDN}, until \\d{4}-`));
      expect(init.stdout.indexOf('✓ certificate:')).toBeLessThan(init.stdout.indexOf('✓ create:'));

      const compose = await readFile(join(directory, 'compose.yaml'), 'utf8');
      expect(compose).toContain(`- ${letsencrypt}/:/etc/letsencrypt/:ro`);
      const chain = await readFile(join(letsencrypt, 'live', FQDN, 'fullchain.pem'), 'utf8');
      expect((await stat(join(letsencrypt, 'live', FQDN, 'privkey.pem'))).mode & 0o777).toBe(0o600);

      const cron = await readFile(join(cronDir, 'mailwiz-cert-renew'), 'utf8');
      expect(cron).toContain(`'cert' 'renew' '--dir' '${letsencrypt}'`);
      expect(init.stdout).toContain(`Certificate renewal: ${join(cronDir, 'mailwiz-cert-renew')} runs "mailwiz cert renew" twice a day`);

      const expected = new X509Certificate(chain).fingerprint256;
      const served = async (): Promise<string | undefined> => {
        const probe = await probeTls({ host: '127.0.0.1', port: ports['993']!, mode: 'implicit', servername: FQDN }, { timeoutMs: 3000 });
        return probe.ok && probe.chain[0] ? new X509Certificate(probe.chain[0]).fingerprint256 : undefined;
      };
      expect(await eventually(async () => (await served()) === expected, 30_000, 500)).toBe(true);
    } finally {
      await removeProject('mailwiz-le');
    }
  }, 360_000);
});
