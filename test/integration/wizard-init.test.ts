import { execa } from 'execa';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MAIL_PORTS } from '../../src/dms/wizard-answers.js';
import { runPreflight } from '../../src/services/preflight/preflight.js';
import { CLI } from '../support/run-cli.js';
import { requireEnvironment } from '../support/testbed.js';
import { freePort } from '../support/wizard-apt.js';

/** The built `mailwiz init` and `mailwiz wizard` from scripts; pre-flight against the real engine. */
const cli = process.env.MAILWIZ_CLI ?? CLI;

async function mailwiz(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const configDir = await mkdtemp(join(tmpdir(), 'mailwiz-conf-'));
  const result = await execa('node', [cli, ...args], { reject: false, stdin: 'ignore', env: { MAILWIZ_CONFIG_DIR: configDir, ...env } });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? 1 };
}

/** An answers file in a fresh folder; `content` gets the folder's `mail` subfolder as the install directory. */
async function answersFile(content: object, mode = 0o600): Promise<{ file: string; base: string; directory: string }> {
  const base = await mkdtemp(join(tmpdir(), 'mailwiz-init-'));
  const file = join(base, 'answers.yaml');
  const directory = join(base, 'mail');
  await writeFile(file, stringify({ directory, ...content }), { mode });
  return { file, base, directory };
}

const GOOD = {
  domains: ['example.com'],
  hostname: 'mail.example.com',
  ipv4: '203.0.113.10',
  accounts: { first: 'admin@example.com', password: 'correct horse' },
  ldap: undefined,
};

describe('mailwiz init --answers', () => {
  it('refuses invalid answers with exit 2, naming each field, and writes nothing', async () => {
    const { file, base } = await answersFile({ domains: ['example.com'], hostname: 'example.com.', accounts: { first: 'root@elsewhere.org', password: 'short' }, features: { spam: 'off', clamav: true }, colour: 'blue' });
    const result = await mailwiz(['init', '--answers', file, '--yes']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      `${file}: colour: unknown key (known: directory, image, containerName, domains, hostname, ipv4, ipv6, accounts, ldap, features, tls, publish, dns, system, kopano)`,
      `${file}: firstAccount.address: root@elsewhere.org is not in your mail domains (example.com)`,
      `${file}: firstAccount.password: The password needs at least 8 characters`,
      `${file}: features.clamav: ClamAV scans mail through Amavis or Rspamd: choose one of them, or leave ClamAV off`,
    ]);
    expect(await readdir(base)).toEqual(['answers.yaml']);
    expect((await mailwiz(['init', '--answers', join(base, 'missing.yaml')])).stderr).toMatch(/cannot read .*missing\.yaml: ENOENT/);
    expect((await mailwiz(['init'])).exitCode).toBe(2);
  });

  it('--dry-run prints the files (secrets masked) and the plan, and writes nothing', async () => {
    const { file, base, directory } = await answersFile({ ...GOOD, features: { relay: { host: 'relay.example.net', port: 587, user: 'me', password: 'relay-secret' } } });
    const result = await mailwiz(['init', '--answers', file, '--dry-run']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`new      ${directory}/compose.yaml`);
    expect(result.stdout).toContain(`new      ${directory}/mailserver.env (0600)`);
    expect(result.stdout).toContain('RELAY_PASSWORD=••••••••');
    expect(result.stdout).not.toContain('relay-secret');
    expect(result.stdout).toMatch(/Would then: pull ghcr\.io\/docker-mailserver\/docker-mailserver:latest; create and start mailserver/);
    expect(result.stdout).toContain('(dry run: nothing was written or started)');
    expect(await readdir(base)).toEqual(['answers.yaml']);
  });

  it('asks before writing: without --yes and without a terminal it refuses (exit 2); --no-deploy writes the files', async () => {
    const { file, directory } = await answersFile(GOOD, 0o644);
    const refused = await mailwiz(['init', '--answers', file, '--no-deploy']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('holds passwords and other users can read it (chmod 600');
    expect(refused.stderr).toContain('add --yes to write the files and deploy without asking');
    const written = await mailwiz(['init', '--answers', file, '--no-deploy', '--yes']);
    expect(written.exitCode, written.stderr).toBe(0);
    expect(written.stdout).toContain(`Files written. Start later: cd ${directory} && docker compose up -d`);
    expect((await stat(join(directory, 'compose.yaml'))).mode & 0o777).toBe(0o644);
    expect((await stat(join(directory, 'docker-data/dms/mail-data'))).isDirectory()).toBe(true);
    await writeFile(file, (await readFile(file, 'utf8')).replace('mail.example.com', 'mx.example.com'));
    const again = await mailwiz(['init', '--answers', file, '--no-deploy', '--yes']);
    expect(again.stdout).toMatch(/changed {2}.*compose\.yaml\n.*- {5}hostname: mail\.example\.com/s);
    expect(again.stdout).toMatch(/backup {3}.*compose\.yaml\.bak-\d{8}-\d{6}/);
  });

  it('mailwiz wizard without a terminal says to use init, and exits 1', async () => {
    const result = await mailwiz(['wizard']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('mailwiz wizard needs an interactive terminal (stdin and stdout). In a script, use:\n  mailwiz init --answers answers.yaml --yes');
  });
});

describe('pre-flight on the real engine', () => {
  let holder: Server | undefined;
  afterAll(() => {
    holder?.close();
  });

  it('reports the engine, memory, disk, the folder, and who holds a port', async () => {
    requireEnvironment();
    const port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(port, '127.0.0.1', resolve));
    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-preflight-'));
    await writeFile(join(directory, 'compose.yaml'), 'services: {}\n');
    const report = await runPreflight({ directory, ports: [...MAIL_PORTS], publishAddress: '127.0.0.1', hostPorts: { 25: port } });
    expect(report.blocked).toBe(false);
    expect(report.engine?.apiVersion).toMatch(/^\d+\.\d+$/);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.engine?.message).toMatch(/^Docker \S+ \(API \d+\.\d+, linux\/\w+\) at unix:\/\//);
    expect(byId.ports).toMatchObject({ status: 'fail', message: expect.stringContaining(`In use: ${port} (SMTP (mail from other servers)): node (pid ${process.pid})`) });
    expect(byId.memory?.message).toMatch(/GiB/);
    expect(byId.disk?.message).toMatch(/GiB free for /);
    expect(byId['existing-files']?.message).toContain(`${directory} already has compose.yaml`);
  });

  it('cannot go on without an engine, and says which address it tried', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///tmp/mailwiz-no-engine.sock';
    try {
      const report = await runPreflight({ directory: tmpdir(), ports: [], publishAddress: '' });
      expect(report.blocked).toBe(true);
      expect(report.checks[0]).toEqual({
        id: 'engine',
        title: 'Docker engine',
        status: 'fail',
        message: expect.stringContaining('Cannot reach the Docker engine at unix:///tmp/mailwiz-no-engine.sock (ENOENT)'),
      });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});
