import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/**
 * `setup -p DIR` edits the files in DIR and nothing else: not the host's /var/mail, not its Postfix, Dovecot,
 * fail2ban or OpenDKIM (a sandbox PATH records any call of them), not a file beside DIR.
 */

const SERVER_PROGRAMS = ['postconf', 'postfix', 'postmap', 'doveadm', 'fail2ban-client', 'supervisorctl', 'opendkim-genkey', 'openssl', 'rspamd-dkim'];
const DOMAIN = `folder-only-${process.pid}.test`;
const MAILBOX = `/var/mail/${DOMAIN}/victim`;

let parent = '';
let dir = '';
let stubs = '';
let calls = '';

const setup = (args: string[], input = ''): ReturnType<typeof runCli> =>
  runCli(['setup', '-p', dir, ...args], { input, env: { PATH: `${stubs}:${process.env.PATH}` } });

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'mailwiz-folder-'));
  dir = join(parent, 'config');
  stubs = join(parent, 'bin');
  calls = join(parent, 'calls.log');
  await mkdir(dir);
  await mkdir(stubs);
  await writeFile(join(parent, 'beside.cf'), 'must not change\n');
  for (const program of SERVER_PROGRAMS) {
    await writeFile(join(stubs, program), `#!/bin/sh\necho "${program} $*" >> '${calls}'\nexit 0\n`);
    await chmod(join(stubs, program), 0o755);
  }
  await mkdir(MAILBOX, { recursive: true });
  await writeFile(join(MAILBOX, 'probe'), 'mail that must survive\n');
});

afterAll(async () => {
  await rm(`/var/mail/${DOMAIN}`, { recursive: true, force: true });
  await rm(parent, { recursive: true, force: true });
});

describe('setup -p DIR', () => {
  it('every command edits DIR only; commands that need the server say so and exit 1', async () => {
    const ok: [string[], string?][] = [
      [['email', 'add', `victim@${DOMAIN}`], 'pw-victim\npw-victim\n'],
      [['email', 'add', `other@${DOMAIN}`, 'pw-other']],
      [['email', 'update', `other@${DOMAIN}`], 'new-pw\nnew-pw\n'],
      [['email', 'list']],
      [['email', 'list', '--json']],
      [['email', 'restrict', 'add', 'send', `other@${DOMAIN}`]],
      [['email', 'restrict', 'list', 'send']],
      [['email', 'restrict', 'del', 'send', `other@${DOMAIN}`]],
      [['alias', 'add', `alias@${DOMAIN}`, `victim@${DOMAIN}`]],
      [['alias', 'list']],
      [['quota', 'set', `victim@${DOMAIN}`, '10M']],
      [['quota', 'list']],
      [['quota', 'del', `victim@${DOMAIN}`]],
      [['dovecot-master', 'add', 'admin', 'pw-admin']],
      [['dovecot-master', 'update', 'admin', 'pw-admin2']],
      [['dovecot-master', 'list']],
      [['dovecot-master', 'del', 'admin']],
      [['relay', 'add-domain', DOMAIN, 'smtp.relay.example', '587']],
      [['relay', 'add-auth', DOMAIN, 'relayuser', 'relay-pw']],
      [['relay', 'exclude-domain', `other-${DOMAIN}`]],
      [['email', 'del', '-y', `victim@${DOMAIN}`]],
    ];
    for (const [args, input] of ok) {
      const result = await setup(args, input);
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const needServer = [
      ['config', 'dkim'],
      ['fail2ban'],
      ['fail2ban', 'ban', '192.0.2.7'],
      ['fail2ban', 'status'],
      ['debug', 'login', 'touch /tmp/should-not-exist'],
      ['debug', 'show-mail-logs'],
      ['debug', 'fetchmail'],
    ];
    for (const args of needServer) {
      const result = await setup(args);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(/ERROR .*needs the running mail server: with -p, mailwiz changes only the files in /);
    }

    expect(existsSync(calls) ? await readFile(calls, 'utf8') : '', 'no server program ran on the host').toBe('');
    expect(await readFile(join(MAILBOX, 'probe'), 'utf8'), '/var/mail on the host is untouched').toBe('mail that must survive\n');
    expect(existsSync('/tmp/should-not-exist')).toBe(false);
    expect((await readdir(parent)).sort()).toEqual(['beside.cf', 'bin', 'config']);
    expect(await readFile(join(parent, 'beside.cf'), 'utf8')).toBe('must not change\n');
    const accounts = await readFile(join(dir, 'postfix-accounts.cf'), 'utf8');
    expect(accounts).toMatch(new RegExp(`^other@${DOMAIN.replaceAll('.', '\\.')}\\|`, 'm'));
    expect(accounts).not.toMatch(/victim@/);
    expect((await stat(join(dir, 'postfix-sasl-password.cf'))).mode & 0o777).toBe(0o600);
  }, 180_000);

  it('says where the mailbox data is not touched when asked to delete it', async () => {
    await setup(['email', 'add', `again@${DOMAIN}`, 'pw']);
    const result = await setup(['email', 'del', '-y', `again@${DOMAIN}`]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/Only the config folder changes with -p: mailbox data in \/var\/mail is not touched/);
  });

  it('refuses a folder that does not exist, creating nothing', async () => {
    const missing = join(parent, 'no-such-folder');
    const result = await runCli(['setup', '-p', missing, 'email', 'add', `a@${DOMAIN}`, 'pw']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(`Specified directory '${missing}' doesn't exist\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a password that is not UTF-8 on standard input, changing nothing', async () => {
    const before = await readFile(join(dir, 'postfix-accounts.cf'));
    const latin1 = Buffer.from('gr\xfc\xdfe\ngr\xfc\xdfe\n', 'latin1');
    const result = await runCli(['setup', '-p', dir, 'email', 'add', `latin@${DOMAIN}`], { input: latin1 });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/ERROR addmailuser: Password contains bytes that are not UTF-8/);
    expect(await readFile(join(dir, 'postfix-accounts.cf'))).toEqual(before);
  });
});
