import Docker from 'dockerode';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { runCli } from '../support/run-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

/**
 * `--help` on every command and subcommand of the built CLI, with a mail server running: each prints a usage text,
 * exits 0 and changes nothing — nothing created on the engine, the server not restarted, the server's config volume, mailwiz's own folder and the working folder are the same before and after.
 */

const testbed = useTestbed({ accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'seed-password' }] });
const docker = new Docker();

const SUBCOMMANDS: Record<string, string[][]> = {
  cert: [['obtain'], ['renew'], ['status'], ['cron'], ['certbot']],
  console: [['queue'], ['accounts']],
  setup: [
    ['email'], ['email', 'add'], ['email', 'update'], ['email', 'del'], ['email', 'restrict'], ['email', 'list'],
    ['alias'], ['alias', 'add'], ['alias', 'del'], ['alias', 'list'],
    ['quota', 'set'], ['quota', 'del'], ['quota', 'list'],
    ['dovecot-master', 'add'], ['dovecot-master', 'update'], ['dovecot-master', 'del'], ['dovecot-master', 'list'],
    ['config', 'dkim'], ['relay', 'add-auth'], ['relay', 'add-domain'], ['relay', 'exclude-domain'],
    ['fail2ban'], ['debug'],
  ],
};

/** Whatever mailwiz creates carries this label (MAILWIZ_TEST_LABEL), so other test files' containers do not count. */
const WALK_LABEL = `mailwiz-help-walk=${process.pid}`;

async function engineState(): Promise<string[]> {
  const filters = { label: [WALK_LABEL] };
  const [containers, networks, volumes, server] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
    docker.getContainer(testbed().name).inspect(),
  ]);
  return [
    ...containers.map((c) => `container ${c.Names[0] ?? c.Id}`),
    ...networks.map((n) => `network ${n.Name}`),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
    `server ${server.State.Status} started ${server.State.StartedAt} restarts ${server.RestartCount}`,
  ];
}

async function configVolume(): Promise<string> {
  const result = await testbed().target.exec(['sh', '-c', 'find /tmp/docker-mailserver -type f -exec sha256sum {} + | sort; ls -la /usr/local/bin/setup*']);
  return result.stdout;
}

describe('--help on every command', () => {
  it('prints a usage text, exits 0, and changes nothing on the engine, the server or the disk', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'mailwiz-help-cwd-'));
    const configDir = await mkdtemp(join(tmpdir(), 'mailwiz-help-conf-'));
    const before = { engine: await engineState(), volume: await configVolume() };
    const lines: string[][] = [[]];
    for (const command of COMMANDS) {
      lines.push([command.name], ...(SUBCOMMANDS[command.name] ?? []).map((sub) => [command.name, ...sub]));
    }
    const walked: string[] = [];
    for (const words of lines) {
      // --help after the command (as users type it), and before it with -c for the commands that connect.
      for (const argv of [[...words, '--help'], ['-c', testbed().name, '-h', ...words]]) {
        const result = await runCli(argv, { cwd, env: { MAILWIZ_CONFIG_DIR: configDir, MAILWIZ_TEST_LABEL: WALK_LABEL }, input: '' });
        expect(result.exitCode, `mailwiz ${argv.join(' ')}: ${result.stderr}`).toBe(0);
        expect(result.stdout, `mailwiz ${argv.join(' ')}`).toMatch(words[0] === 'setup' ? /setup/ : new RegExp(`mailwiz${words[0] ? ` ${words[0]}` : ''}`));
        expect(result.stderr, `mailwiz ${argv.join(' ')}`).toBe('');
        walked.push(argv.join(' '));
      }
    }
    for (const command of COMMANDS) {
      const result = await runCli(['help', command.name], { cwd, env: { MAILWIZ_CONFIG_DIR: configDir } });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe((await runCli([command.name, '--help'], { cwd, env: { MAILWIZ_CONFIG_DIR: configDir } })).stdout);
    }
    expect(walked.length).toBeGreaterThan(60);
    expect(await engineState()).toEqual(before.engine);
    expect(await configVolume()).toBe(before.volume);
    expect(await readdir(configDir)).toEqual([]);
    expect(await readdir(cwd)).toEqual([]);
  }, 600_000);

  it('global options are taken after the command too (status --json -c NAME), and a flag the command does not know is refused with its usage', async () => {
    const json = await runCli(['status', '--json', '-c', testbed().name]);
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'dms', members: [{ name: testbed().name }] });
    const unknown = await runCli(['status', '--colour']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^mailwiz: unknown option --colour for status\n\nmailwiz status \[--json\]/);
    // A value of a command's own flag is never taken for a global option.
    const dry = await runCli(['init', '--answers', '--json']);
    expect(dry.exitCode).toBe(2);
    expect(dry.stderr).toMatch(/cannot read --json/);
  });

  it("setup keeps DMS's grammar: a password that looks like --help is a password", async () => {
    // --wait: back once Dovecot serves the account, so the login below tests the password and not the timing.
    const added = await runCli(['-c', testbed().name, 'setup', '--wait', 'email', 'add', `helpful@${TEST_DOMAIN}`, '--help']);
    expect(added.exitCode, added.stderr).toBe(0);
    const list = await runCli(['-c', testbed().name, 'setup', 'email', 'list']);
    expect(list.stdout).toContain(`helpful@${TEST_DOMAIN}`);
    const login = await testbed().target.exec(['doveadm', 'auth', 'test', '--', `helpful@${TEST_DOMAIN}`, '--help']);
    expect(login.stdout).toMatch(/auth succeeded/);
  });

  it('--debug logs each engine request and exec argv, and the password of an account added is in none of them', async () => {
    const password = 'debug-secret-Pw1';
    const result = await runCli(['-c', testbed().name, 'setup', 'email', 'add', `traced@${TEST_DOMAIN}`, password], { env: { MAILWIZ_DEBUG: '1' } });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('mailwiz debug '));
    expect(lines[0]).toMatch(/ engine unix:\/\//);
    expect(lines.some((l) => / GET \/_ping → ok in \d+ ms$/.test(l))).toBe(true);
    expect(lines.some((l) => new RegExp(`POST /containers/${testbed().name}/exec argv \\[.*\\] → ok in \\d+ ms$`).test(l))).toBe(true);
    expect(result.stderr).not.toContain(password);
    const flag = await runCli(['--debug', 'status', '--json']);
    expect(flag.stderr).toMatch(/^mailwiz debug .* GET \/containers\/json → ok/m);
  });
});
