import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { eventually } from './eventually.js';
import { ensureDebianBinary, freeTcpPort } from './pebble.js';

/**
 * Debian's OpenSSH server on a loopback port for the console's ssh tests: its own config, host key and pid file, key
 * authentication only, and test users it creates (in the `docker` group, so mailwiz can reach the engine) and removes.
 */
export interface SshServer {
  port: number;
  /** The private key every test user's authorized_keys line accepts. */
  clientKey: string;
  /** A new local user whose ~/.ssh/authorized_keys holds `options` + the test key (e.g. `restrict,pty,command="…"`). */
  addUser(prefix: string, options?: string): Promise<string>;
  /** `ssh` arguments for `user@127.0.0.1`, no config, agent or known_hosts of the machine involved. */
  sshArgs(user: string): string[];
  home(user: string): string;
  /** Removes the users (and their homes) and stops sshd. */
  stop(): Promise<void>;
}

/** Directories put first on PATH for ssh sessions (sshd's SetEnv), e.g. one holding a `mailwiz` wrapper. */
export interface SshServerOptions {
  pathPrefix?: string;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function sshdConfig(dir: string, port: number, pathPrefix: string | undefined): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    'AuthenticationMethods publickey',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin no',
    'PrintMotd no',
    'PrintLastLog no',
    ...(pathPrefix ? [`SetEnv PATH=${pathPrefix}:/usr/local/bin:/usr/bin:/bin`] : []),
    '',
  ].join('\n');
}

export async function startSshServer(options: SshServerOptions = {}): Promise<SshServer> {
  const sshd = await ensureDebianBinary('openssh-server', '/usr/sbin/sshd');
  await ensureDebianBinary('openssh-client', '/usr/bin/ssh');
  // sshd's privilege separation directory; Debian's service unit makes it at boot, a container has none.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-sshd-'));
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mailwiz-test', '-f', join(dir, 'client_key')]);
  const publicKey = (await readFile(join(dir, 'client_key.pub'), 'utf8')).trim();
  const port = await freeTcpPort();
  const users: string[] = [];
  const configPath = join(dir, 'sshd_config');
  // Only the test users' authorized_keys hold the test key, and root may not log in.
  await writeFile(configPath, sshdConfig(dir, port, options.pathPrefix));

  let log = '';
  const child: ChildProcess = spawn(sshd, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const up = await eventually(async () => child.exitCode === null && (await portOpen(port)), 10_000, 100);
  const stopDaemon = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  if (!up) {
    await stopDaemon();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`sshd did not listen on 127.0.0.1:${port}:\n${log}`);
  }

  return {
    port,
    clientKey: join(dir, 'client_key'),
    home: (user) => `/home/${user}`,
    addUser: async (prefix, keyOptions) => {
      const user = `${prefix}${randomBytes(3).toString('hex')}`;
      // Password `*`: no password login, but not "locked" (sshd refuses locked accounts without PAM).
      await execa('useradd', ['--create-home', '--shell', '/bin/sh', '--groups', 'docker', '--password', '*', user]);
      users.push(user);
      const { stdout } = await execa('id', ['-u', user]);
      const uid = Number(stdout);
      const ssh = `/home/${user}/.ssh`;
      await mkdir(ssh, { mode: 0o700 });
      await writeFile(join(ssh, 'authorized_keys'), `${keyOptions ? `${keyOptions} ` : ''}${publicKey}\n`, { mode: 0o600 });
      await chown(ssh, uid, uid);
      await chown(join(ssh, 'authorized_keys'), uid, uid);
      await chmod(`/home/${user}`, 0o755);
      return user;
    },
    sshArgs: (user) => [
      '-F', '/dev/null',
      '-i', join(dir, 'client_key'),
      '-p', String(port),
      '-o', 'IdentitiesOnly=yes',
      '-o', 'IdentityAgent=none',
      '-o', 'BatchMode=yes',
      '-o', 'StrictHostKeyChecking=no',
      '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'LogLevel=ERROR',
      `${user}@127.0.0.1`,
    ],
    stop: async () => {
      await stopDaemon();
      for (const user of users) {
        // A session that is still closing keeps the user busy for a moment.
        await eventually(async () => (await execa('userdel', ['--remove', user], { reject: false })).exitCode === 0, 10_000, 200);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
