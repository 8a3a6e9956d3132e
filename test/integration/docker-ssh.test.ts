import { execa } from 'execa';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { startSshServer, type SshServer } from '../support/ssh-server.js';
import { requireEnvironment } from '../support/testbed.js';

/**
 * DOCKER_HOST=ssh://user@127.0.0.1:PORT for real: Debian's sshd on a loopback port, a test user in the docker group,
 * `docker system dial-stdio` run by the docker CLI of this machine on the far side. The host key must be known.
 */

let ssh: SshServer;
let user: string;
let home: string;
let knownHostsLine: string;

beforeAll(async () => {
  requireEnvironment();
  ssh = await startSshServer();
  user = await ssh.addUser('dockerssh');
  home = await mkdtemp(join(tmpdir(), 'mailwiz-ssh-home-'));
  await mkdir(join(home, '.ssh'), { mode: 0o700 });
  await copyFile(ssh.clientKey, join(home, '.ssh', 'id_ed25519'));
  knownHostsLine = (await execa('ssh-keyscan', ['-t', 'ed25519', '-p', String(ssh.port), '127.0.0.1'])).stdout.trim();
}, 120_000);

afterAll(async () => {
  await ssh?.stop();
});

const status = () =>
  runCli(['status', '--json'], { env: { HOME: home, SSH_AUTH_SOCK: '', DOCKER_CONTEXT: '', DOCKER_HOST: `ssh://${user}@127.0.0.1:${ssh.port}`, MAILWIZ_DEBUG: '1' } });
const withoutDebug = (stderr: string): string => stderr.split('\n').filter((l) => !l.startsWith('mailwiz debug ')).join('\n');

describe('an engine over ssh://', () => {
  it('refuses a host whose key is not in known_hosts, saying how to add it', async () => {
    await writeFile(join(home, '.ssh', 'known_hosts'), '');
    const result = await status();
    expect(result.exitCode).toBe(1);
    expect(withoutDebug(result.stderr)).toBe(`mailwiz: The host key of [127.0.0.1]:${ssh.port} is not in ${home}/.ssh/known_hosts. Check it and add it (ssh -p ${ssh.port} 127.0.0.1 once, or ssh-keyscan), then try again.\n`);
  });

  it('refuses a changed host key', async () => {
    const other = knownHostsLine.replace(/ \S+$/, ' AAAAC3NzaC1lZDI1NTE5AAAAIBQ7oQ4lrhjx0fkwJxHR8+mKBMM2X/8P1b1s0W5aA8aN');
    await writeFile(join(home, '.ssh', 'known_hosts'), `${other}\n`);
    const result = await status();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/is not the one in .*known_hosts: someone may be in between/);
  });

  it('with the host key known (a hashed entry, as ssh writes them), lists the engine\'s mail systems through ssh', async () => {
    const hashed = join(home, '.ssh', 'known_hosts');
    await writeFile(hashed, `${knownHostsLine}\n`);
    await execa('ssh-keygen', ['-H', '-f', hashed]);
    const result = await status();
    expect(result.exitCode === 0 || result.exitCode === 1, result.stderr).toBe(true);
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
    expect(result.stderr).toContain(`engine ssh://${user}@127.0.0.1:${ssh.port}`);
    expect(result.stderr).toMatch(/ GET \/containers\/json → ok in \d+ ms/);
  });
});
