import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../support/run-cli.js';
import { setupCli } from '../support/setup-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const testbed = useTestbed({ accounts: [{ address: `user@${TEST_DOMAIN}`, password: 'debug-pass' }] });
const setup = setupCli(testbed);

const COLOURED = "printf '\\033[31mred\\033[0m \\033]0;title\\007done\\n'";

describe('setup debug', () => {
  it('login: runs the first word as the shell command and passes output and exit status through', async () => {
    const result = await setup(['debug', 'login', 'echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
    const words = await setup(['debug', 'login', 'echo "$0|$1|$#"', 'zero', 'one; rm -rf /']);
    expect(words).toMatchObject({ exitCode: 0, stdout: 'zero|one; rm -rf /|1\n' });
  });

  it('login: output reaches a pipe byte for byte', async () => {
    const raw = await setup(['debug', 'login', COLOURED]);
    expect(raw.stdout).toBe('\u001b[31mred\u001b[0m \u001b]0;title\u0007done\n');
  });

  it('login: control sequences are stripped when stdout is a terminal', async () => {
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    const command = ['node', CLI, '-c', testbed().name, 'setup', 'debug', 'login', COLOURED].map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ');
    const result = await execa('script', ['-qec', command, '/dev/null'], { reject: false, env: { MAILWIZ_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'mailwiz-conf-')) } });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stdout).replace(/\r/g, '')).toBe('red done');
  });

  it('login without a command says how to open a shell', async () => {
    const result = await setup(['debug', 'login']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`docker exec -it ${testbed().name} bash`);
  });

  it('show-mail-logs: the mail log as it is', async () => {
    const expected = await testbed().target.readFile('/var/log/mail/mail.log');
    const result = await setup(['debug', 'show-mail-logs']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith(expected)).toBe(true);
    expect(result.stdout).toMatch(/postfix\/master\[\d+\]: daemon started/);
  });

  it('fetchmail / getmail: a clear error where the image has no such helper', async () => {
    for (const tool of ['fetchmail', 'getmail']) {
      const result = await setup(['debug', tool]);
      expect(result).toMatchObject({ exitCode: 1, stdout: '' });
      expect(result.stderr).toMatch(new RegExp(`ERROR debug-${tool}: ${tool} is not enabled in this container\\n$`));
    }
  });

  it('anything else is an invalid command (exit 2), as in DMS', async () => {
    for (const args of [['debug'], ['debug', 'nope'], ['debug', 'help'], ['debug', 'toString']]) {
      const result = await setup(args);
      expect(result).toEqual({
        exitCode: 2,
        stdout: '',
        stderr: `The command '${args.join(' ')}' is invalid.\nUse \`setup help\` to get an overview of all commands.\n`,
      });
    }
  });
});
