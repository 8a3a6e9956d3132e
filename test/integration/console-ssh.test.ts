import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { addAccountAndLogIn, banSeeWhyAndUnban, quit } from '../support/console-admin-flow.js';
import { screenKey } from '../support/console-render.js';
import { CLI } from '../support/run-cli.js';
import { startSshServer, type SshServer } from '../support/ssh-server.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';
import { shellQuote, startTmuxTerminal, type TmuxTerminal } from '../support/tmux-terminal.js';

/**
 * The admin console over ssh, with Debian's OpenSSH server on a loopback port: a user whose authorized_keys line
 * forces `mailwiz console` gets the console and nothing else; an admin with a shell runs `ssh -t host mailwiz …`.
 */
const testbed = useTestbed({ fail2ban: true, accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'seed-pass' }] });

let sshd: SshServer;
let binDir = '';
let consoleUser = '';
let adminUser = '';
let gateway = '';

beforeAll(async () => {
  gateway = (await testbed().target.info()).networks?.[0]?.gateway ?? '';
  // `mailwiz` on the sessions' PATH, as `npm install -g` would put it.
  binDir = await mkdtemp(join(tmpdir(), 'mailwiz-bin-'));
  await chmod(binDir, 0o755);
  await writeFile(join(binDir, 'mailwiz'), `#!/bin/sh\nexec node ${shellQuote(CLI)} "$@"\n`, { mode: 0o755 });
  sshd = await startSshServer({ pathPrefix: binDir });
  consoleUser = await sshd.addUser('mwzc', `restrict,pty,command="node ${CLI} -c ${testbed().name} console"`);
  adminUser = await sshd.addUser('mwza');
}, 120_000);

afterAll(async () => {
  await sshd?.stop();
  if (binDir) await rm(binDir, { recursive: true, force: true });
});

let terminal: TmuxTerminal | undefined;
afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
});

function sshInTmux(user: string, command = '', size = { columns: 100, rows: 30 }): Promise<TmuxTerminal> {
  const args = ['-t', ...sshd.sshArgs(user)].map(shellQuote).join(' ');
  return startTmuxTerminal({ command: `ssh ${args}${command ? ` ${shellQuote(command)}` : ''}`, ...size });
}

describe('mailwiz console over ssh', () => {
  it('a key with command="mailwiz console" gets the console: add an account, log in, get banned, see why, unban', async () => {
    terminal = await sshInTmux(consoleUser);
    const flow = { terminal, testbed: testbed(), gateway, address: `gwen@${TEST_DOMAIN}`, password: 'gwen-pass', ascii: false, accountsBefore: 1 };
    await addAccountAndLogIn(flow);
    await banSeeWhyAndUnban({ ...flow, accountsBefore: 2 });
    await quit(terminal);
    const audit = (await readFile(join(sshd.home(consoleUser), '.config/mailwiz/audit.jsonl'), 'utf8')).trim().split('\n');
    expect(audit.map((line) => JSON.parse(line) as Record<string, string>)).toEqual([
      expect.objectContaining({ user: `${consoleUser}@127.0.0.1`, action: 'add account', target: `gwen@${TEST_DOMAIN}`, result: 'ok' }),
      expect.objectContaining({ user: `${consoleUser}@127.0.0.1`, action: 'unban', target: `${gateway} (dovecot)`, result: 'ok' }),
    ]);
  });

  it('…and nothing else: a command it asks for is ignored, without a terminal it gets a message, forwarding is refused', async () => {
    terminal = await sshInTmux(consoleUser, 'id; cat /etc/passwd');
    const screen = await terminal.waitFor(/\d+ of \d+ accounts/, 30_000);
    expect(screen).not.toMatch(/uid=|root:x:0/);
    await quit(terminal);

    const noTty = await execa('ssh', ['-T', ...sshd.sshArgs(consoleUser), 'id'], { reject: false, timeout: 30_000 });
    expect(noTty.exitCode).toBe(2);
    expect(noTty.stdout).not.toContain('uid=');
    expect(noTty.stderr).toContain('mailwiz console needs a terminal (a TTY); over ssh, use "ssh -t".');

    const forward = await execa('ssh', ['-N', '-o', 'ExitOnForwardFailure=yes', '-R', '127.0.0.1:0:127.0.0.1:9', ...sshd.sshArgs(consoleUser)], {
      reject: false,
      timeout: 30_000,
    });
    expect(forward.exitCode).toBe(255);
    expect(forward.stderr).toMatch(/remote port forwarding failed/);
  });

  it('an admin with a shell runs "ssh -t host mailwiz -c NAME console"; a ban of the ssh client address needs "force"', async () => {
    const version = await execa('ssh', ['-T', ...sshd.sshArgs(adminUser), 'mailwiz', '--version'], { reject: false, timeout: 30_000 });
    expect(version).toMatchObject({ exitCode: 0, stdout: pkg.version });

    terminal = await sshInTmux(adminUser, `mailwiz -c ${testbed().name} console`, { columns: 80, rows: 24 });
    await terminal.waitFor(/\d+ of \d+ accounts/, 30_000);
    await terminal.press(screenKey('bans'));
    await terminal.waitFor(/3 jails/);
    await terminal.press('b');
    await terminal.waitFor(/Ban an address/);
    await terminal.enter('127.0.0.1');
    await terminal.waitFor(/Type force to ban it anyway/);
    expect((await terminal.capture()).replace(/[│\s]+/g, ' ')).toContain('It would ban 127.0.0.1 (you are connected from it (SSH_CLIENT))');
    await terminal.press('Escape');
    await terminal.waitFor(/Nobody is banned/);
    await quit(terminal);
  });
});
