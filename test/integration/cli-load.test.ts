import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { loadedModules } from '../support/loaded-modules.js';
import { imapLogin } from '../support/mail-clients.js';
import { CLI } from '../support/run-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';
import { shellQuote, startTmuxTerminal, type TmuxTerminal } from '../support/tmux-terminal.js';

/**
 * What the built CLI loads for a command, and that the prompt packages it loads on demand still work in a real
 * terminal. Needs `npm run build`.
 */
const testbed = useTestbed({ accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'seed-pass' }] });

/** Strings only the left-out code carries (ssh2's banner, ajv's schema address, iconv-lite's code pages). */
const LEFT_OUT: Record<string, string> = {
  ssh2: 'SSH-2.0-',
  'conf (ajv)': 'json-schema.org',
  'the editor prompt (iconv-lite)': 'windows-1252',
};

function leftOutLoaded(sources: string[]): string[] {
  return Object.entries(LEFT_OUT)
    .filter(([, marker]) => sources.some((s) => s.includes(marker)))
    .map(([name]) => name);
}

describe('what each command loads', () => {
  it('the bundle carries no BuildKit code (gRPC, protobuf)', async () => {
    const dist = dirname(CLI);
    const files = (await readdir(dist)).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = await readFile(join(dist, file), 'utf8');
      expect(source.includes('grpc-js') || source.includes('google.protobuf'), file).toBe(false);
    }
  });

  it.each([
    ['--version', () => ['--version']],
    ['setup --help', () => ['setup', '--help']],
    ['setup email list on a named container', () => ['-c', testbed().name, 'setup', 'email', 'list']],
    ['setup email update on a named container', () => ['-c', testbed().name, 'setup', 'email', 'update', `seed@${TEST_DOMAIN}`, 'seed-pass']],
  ])('%s loads neither ssh2, nor conf, nor the editor prompt', async (_label, args) => {
    const { modules, exitCode } = await loadedModules(args());
    expect(exitCode).toBe(0);
    expect(modules.length).toBeGreaterThan(0);
    expect(leftOutLoaded(modules.map((m) => m.source))).toEqual([]);
  });

  it('an ssh:// engine loads ssh2 (its own chunk)', async () => {
    const { modules } = await loadedModules(['status', '--json'], { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1', SSH_AUTH_SOCK: '', HOME: '/nonexistent' });
    expect(leftOutLoaded(modules.map((m) => m.source))).toContain('ssh2');
  });
});

describe('setup prompts in a real terminal', () => {
  let terminal: TmuxTerminal | undefined;
  afterEach(async () => {
    await terminal?.kill();
    terminal = undefined;
  });

  it('email add without a password asks twice, hidden, and the account logs in with what was typed', async () => {
    const address = `prompted@${TEST_DOMAIN}`;
    terminal = await startTmuxTerminal({ command: `node ${shellQuote(CLI)} -c ${testbed().name} setup email add ${address}`, columns: 80, rows: 24 });
    await terminal.waitFor(/Enter Password/, 60_000);
    await terminal.enter('typed-secret');
    await terminal.waitFor(/Confirm Password/, 30_000);
    await terminal.enter('typed-secret');
    const screen = await terminal.waitFor(/program exited with status \d+/, 60_000);
    expect(screen).toContain('program exited with status 0');
    expect(screen).not.toContain('typed-secret');
    expect(await eventually(() => imapLogin(testbed().port(143), address, 'typed-secret'), 60_000)).toBe(true);
  });

  it('email del asks whether to delete the mailbox too; "n" keeps the mailbox and removes the account', async () => {
    const address = `seed@${TEST_DOMAIN}`;
    // A login makes Dovecot create the mailbox.
    expect(await imapLogin(testbed().port(143), address, 'seed-pass')).toBe(true);
    expect((await testbed().target.exec(['test', '-d', `/var/mail/${TEST_DOMAIN}/seed`])).exitCode).toBe(0);
    terminal = await startTmuxTerminal({ command: `node ${shellQuote(CLI)} -c ${testbed().name} setup email del ${address}`, columns: 80, rows: 24 });
    await terminal.waitFor(/delete the mailbox data as well/, 60_000);
    await terminal.enter('n');
    const screen = await terminal.waitFor(/program exited with status \d+/, 60_000);
    expect(screen).toContain('program exited with status 0');
    expect(await readFile(join(testbed().configDir, 'postfix-accounts.cf'), 'utf8')).not.toContain(address);
    expect((await testbed().target.exec(['test', '-d', `/var/mail/${TEST_DOMAIN}/seed`])).exitCode).toBe(0);
  });
});
