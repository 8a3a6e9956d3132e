import Docker from 'dockerode';
import { execa } from 'execa';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { eventually } from '../support/eventually.js';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { sendMail } from '../support/mail-clients.js';
import { startRegistry, type Registry } from '../support/registry-server.js';
import { CLI } from '../support/run-cli.js';
import { startAuthoritativeDns, type AuthoritativeDns } from '../support/dns-server.js';
import { requireEnvironment } from '../support/testbed.js';
import { shellQuote, startTmux, type TmuxSession } from '../support/tmux-session.js';
import { ensurePackages, freePort } from '../support/wizard-apt.js';
import { composeSchemaErrors } from '../support/wizard-compose-schema.js';
import { imapsSubjects } from '../support/wizard-mail.js';

/**
 * The built mailwiz, end to end, on the real engine: the interactive wizard in a real terminal (tmux) pulls the
 * testbed image from a local registry under a DMS-like name and deploys it; then `init --answers` and `demo`.
 */

const cli = process.env.MAILWIZ_CLI ?? CLI;
const docker = new Docker();
const label = `${TEST_LABEL}=${testRunId()}`;
let registry: Registry;
let image: string;
/** What the wizard's checks ask instead of the system's resolver (MAILWIZ_RESOLVER): only the server's address. */
let dns: AuthoritativeDns;

beforeAll(async () => {
  const testbed = requireEnvironment();
  registry = await startRegistry();
  image = await registry.publish(testbed, 'docker-mailserver/docker-mailserver:test');
  dns = await startAuthoritativeDns([{ origin: 'example.test', records: 'mail A 203.0.113.25' }]);
}, 300_000);
afterAll(async () => {
  await registry?.stop();
  await dns?.stop();
});

async function removeProject(directory: string): Promise<void> {
  const project = directory.split('/').pop()!.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  const containers = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  const networks = await docker.listNetworks({ filters: { label: [`com.docker.compose.project=${project}`] } });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
}

async function hostPorts(): Promise<Record<string, number>> {
  const ports: Record<string, number> = {};
  for (const port of [25, 143, 465, 587, 993]) ports[String(port)] = await freePort();
  return ports;
}

describe('the install wizard, end to end', () => {
  let terminal: TmuxSession | undefined;
  afterAll(async () => {
    await terminal?.kill();
  });

  it('in a real terminal: answers the questions, deploys from the registry, and the first account logs in and gets mail', async () => {
    const base = await mkdtemp(join(tmpdir(), 'mailwiz-e2e-'));
    const directory = join(base, 'mailwiz-e2e');
    const container = `mailwiz-e2e-${testRunId()}`;
    const ports = await hostPorts();
    const seed = { directory, image, containerName: container, publish: { address: '127.0.0.1', ports }, dns: ['127.0.0.1'] };
    await writeFile(join(base, 'seed.yaml'), stringify(seed));
    const configDir = join(base, 'conf');
    try {
      terminal = await startTmux({
        command: `node ${shellQuote(cli)} wizard --answers ${shellQuote(join(base, 'seed.yaml'))}`,
        columns: 100,
        rows: 30,
        env: { MAILWIZ_CONFIG_DIR: configDir, MAILWIZ_TEST_LABEL: label, TERM: 'xterm-256color', MAILWIZ_RESOLVER: dns.server },
      });
      const t = terminal;
      await t.waitFor(/step 1 of 8 · Pre-flight/);
      expect(await t.capture()).toContain(`› ${directory}`);
      await t.enter('');
      await t.waitFor(/What now\?/);
      expect(await t.capture()).toContain(`Ports ${Object.values(ports).join(', ')}, 110, 995, 4190 are free`);
      await t.enter('');
      await t.waitFor(/step 2 of 8 · Identity/);
      await t.enter('example.test');
      await t.waitFor(/› mail\.example\.test/);
      await t.enter('');
      await t.waitFor(/Public IPv4 address\n/);
      await t.press(...new Array<string>(40).fill('BSpace'));
      await t.enter('203.0.113.25');
      await t.waitFor(/Public IPv6 address\n/);
      await t.press(...new Array<string>(40).fill('BSpace'));
      await t.enter('');
      await t.waitFor(/› 127\.0\.0\.1 only/);
      await t.enter('');
      await t.waitFor(/step 3 of 8 · Accounts/);
      await t.enter('');
      await t.waitFor(/› admin@example\.test/);
      await t.enter('');
      await t.enter('e2e-password');
      await t.enter('e2e-password');
      await t.waitFor(/postmaster@ of example\.test goes to this account\?/);
      expect(await t.capture()).not.toContain('e2e-password');
      await t.enter('');
      await t.waitFor(/step 4 of 8 · Features/);
      await t.press('Down', 'Down');
      await t.enter('');
      await t.waitFor(/More features/);
      await t.enter('');
      await t.enter('');
      await t.waitFor(/step 5 of 8 · DNS records/);
      await t.enter('');
      await t.waitFor(/step 6 of 8 · TLS/);
      await t.press('Down', 'Down');
      await t.enter('');
      await t.waitFor(/compose\.yaml: new/);
      await t.enter('');
      await t.waitFor(/Write 5 file\(s\) to .*\? \(y\/n\)/);
      await t.press('y');
      await t.waitFor(/Deploy now\? \(y\/n\)/);
      await t.press('y');
      await t.waitFor(/Publish these DNS records:/, 240_000);
      const done = await t.capture();
      expect(done).toMatch(/✓ Image/);
      expect(done).toMatch(/✓ DKIM new 2048-bit keys for example\.test/);
      expect(done).toMatch(/✓ Account admin@example\.test added/);
      expect(done).toMatch(/✓ Ready up and running \(healthy\)/);
      expect(done).toMatch(/✓ Aliases postmaster@example\.test -> admin@example\.test/);
      // After the deploy the checks include the DKIM key the server made and what its TLS ports serve.
      await t.press('r');
      await t.waitFor(/\d+ of \d+ checks fail/, 60_000);
      await t.enter('');
      expect(await eventually(async () => (await t.exitStatus()) !== undefined, 10_000)).toBe(true);
      expect(await t.exitStatus(), await t.capture()).toBe(0);
      const printed = await t.capture(true);
      expect(printed).toContain(`${container} is up. Manage it with: mailwiz -c ${container} console`);
      expect(printed).toMatch(/TXT\s+mail\._domainkey\.example\.test\s+v=DKIM1; k=rsa; p=MII/);
      expect(printed).toContain('The last check (mailwiz check runs it again):');
      expect(printed).toContain('✗ domain example.test: there is no DKIM record at mail._domainkey.example.test');
      expect(printed).toMatch(/✗ TLS port 993 \(implicit TLS\) at 127\.0\.0\.1:\d+: the certificate of CN=mail\.example\.test is not trusted/);

      const info = await docker.getContainer(container).inspect();
      expect(info.State.Health?.Status).toBe('healthy');
      expect(info.Config.Image).toBe(image);
      expect(info.Config.Labels).toMatchObject({ 'com.docker.compose.project': 'mailwiz-e2e', 'com.docker.compose.service': 'mailserver' });
      expect(Object.values(info.NetworkSettings.Ports).flat().filter(Boolean).map((b) => b?.HostIp)).toEqual(new Array(5).fill('127.0.0.1'));

      await sendMail(ports['25']!, { from: 'friend@example.test', to: 'postmaster@example.test', subject: 'hello from the e2e test' });
      const read = (): Promise<string[]> => imapsSubjects({ port: ports['993']!, directory, hostname: 'mail.example.test', user: 'admin@example.test', pass: 'e2e-password' });
      expect(await eventually(async () => (await read()).includes('hello from the e2e test'), 30_000, 500)).toBe(true);

      const compose = await readFile(join(directory, 'compose.yaml'), 'utf8');
      expect(await composeSchemaErrors(compose)).toEqual([]);
      expect((await stat(join(directory, 'mailserver.env'))).mode & 0o777).toBe(0o644);
      expect((await stat(join(directory, 'docker-data/dms/config/ssl/mail.example.test-key.pem'))).mode & 0o777).toBe(0o600);
      await ensurePackages({ '/usr/bin/docker-compose': 'docker-compose' });
      expect((await execa('docker-compose', ['config', '-q'], { cwd: directory, reject: false })).exitCode).toBe(0);
      expect((await execa('docker-compose', ['ps', '-q'], { cwd: directory })).stdout.trim()).toBe(info.Id);

      // The same answers from a file give the same files.
      const again = join(base, 'again', 'mailwiz-e2e');
      const answers = {
        ...seed,
        directory: again,
        domains: ['example.test'],
        hostname: 'mail.example.test',
        ipv4: '203.0.113.25',
        accounts: { provisioner: 'file', first: 'admin@example.test', password: 'e2e-password', postmasterAlias: true },
        features: { spam: 'off', clamav: false, fail2ban: true, postgrey: false, pop3: false, managesieve: false, quotas: true },
        tls: { type: 'self-signed' },
      };
      await writeFile(join(base, 'answers.yaml'), stringify(answers), { mode: 0o600 });
      const init = await execa('node', [cli, 'init', '--answers', join(base, 'answers.yaml'), '--yes', '--no-deploy'], { env: { MAILWIZ_CONFIG_DIR: configDir }, reject: false });
      expect(init.exitCode, init.stderr).toBe(0);
      for (const name of ['compose.yaml', 'mailserver.env']) {
        expect(await readFile(join(again, name), 'utf8')).toBe(await readFile(join(directory, name), 'utf8'));
      }
      const audit = (await readFile(join(configDir, 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
      expect(audit).toEqual(expect.arrayContaining(['wizard.start', 'wizard.write-files', 'deploy.pull', 'deploy.create-container', 'deploy.add-account', 'deploy.ready']));
      expect(await readFile(join(configDir, 'audit.jsonl'), 'utf8')).not.toContain('e2e-password');
    } finally {
      await removeProject(directory);
    }
  }, 420_000);

  it('mailwiz demo: a running demo with sample accounts on 127.0.0.1, and --down removes it all', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'mailwiz-demo-conf-'));
    const env = { MAILWIZ_CONFIG_DIR: configDir, MAILWIZ_TEST_LABEL: label };
    try {
      const up = await execa('node', [cli, 'demo', '--image', image], { env, reject: false });
      expect(up.exitCode, `${up.stdout}\n${up.stderr}`).toBe(0);
      const alice = /alice@example\.test {2}(\S+)/.exec(up.stdout)?.[1];
      expect(alice).toBeDefined();
      const imaps = Number(/\/ (\d+) \(TLS\)/.exec(up.stdout)?.[1]);
      const directory = join(configDir, 'mailwiz-demo');
      expect(await imapsSubjects({ port: imaps, directory, hostname: 'mail.example.test', user: 'alice@example.test', pass: alice! })).toEqual([]);
      const info = await docker.getContainer('mailwiz-demo').inspect();
      expect(Object.values(info.NetworkSettings.Ports).flat().filter(Boolean).map((b) => b?.HostIp)).toEqual(new Array(8).fill('127.0.0.1'));

      const refused = await execa('node', [cli, 'demo', '--down'], { env, reject: false, stdin: 'ignore' });
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain('add --yes to remove mailwiz-demo');
      const down = await execa('node', [cli, 'demo', '--down', '--yes'], { env, reject: false });
      expect(down.exitCode, down.stderr).toBe(0);
      expect(down.stdout).toMatch(/Removed: container mailwiz-demo, network mailwiz-demo_default, folder /);
      expect(await docker.getContainer('mailwiz-demo').inspect().catch(() => undefined)).toBeUndefined();
      expect(await stat(directory).catch(() => undefined)).toBeUndefined();
    } finally {
      await docker.getContainer('mailwiz-demo').remove({ force: true }).catch(() => undefined);
    }
  }, 300_000);
});
