import { describe, expect, it } from 'vitest';
import { runSetup, splitSetupFlags } from '../../src/cli/setup/setup-command.js';
import type { SetupIo } from '../../src/cli/setup/setup-io.js';

describe("mailwiz's flags in DMS's setup grammar", () => {
  it('takes --json and --wait before the command and among the arguments', () => {
    expect(splitSetupFlags(['--wait', 'email', 'add', 'a@x.test', 'pw'])).toEqual({ words: ['email', 'add', 'a@x.test', 'pw'], flags: new Set(['--wait']), flagLikePassword: false });
    expect(splitSetupFlags(['email', 'list', '--json'])).toEqual({ words: ['email', 'list'], flags: new Set(['--json']), flagLikePassword: false });
    expect(splitSetupFlags(['email', 'add', 'a@x.test', 'pw', '--wait']).flags).toEqual(new Set(['--wait']));
  });

  it('never takes a word that stands where DMS expects a password', () => {
    expect(splitSetupFlags(['email', 'add', 'a@x.test', '--wait'])).toEqual({ words: ['email', 'add', 'a@x.test', '--wait'], flags: new Set(), flagLikePassword: true });
    expect(splitSetupFlags(['email', 'update', 'a@x.test', '--json', '--wait']).words).toEqual(['email', 'update', 'a@x.test', '--json']);
    expect(splitSetupFlags(['dovecot-master', 'add', 'admin', '--json']).words).toEqual(['dovecot-master', 'add', 'admin', '--json']);
    expect(splitSetupFlags(['relay', 'add-auth', 'x.test', 'user', '--wait']).words).toEqual(['relay', 'add-auth', 'x.test', 'user', '--wait']);
  });
});

describe('an invalid command', () => {
  async function invalid(argv: string[]): Promise<{ err: string; code: number }> {
    let err = '';
    const io: SetupIo = { out: () => undefined, err: (t) => void (err += t), secret: async () => '', ask: async () => '' };
    const code = await runSetup(argv, io, () => Promise.reject(new Error('an invalid command must not connect')));
    return { err, code };
  }

  it('is echoed with whatever could be a password masked', async () => {
    const { err, code } = await invalid(['email', 'ad', 'jane@x.test', 'S3cret!']);
    expect(code).toBe(2);
    expect(err).toBe("The command 'email ad jane@x.test ***' is invalid.\nUse `setup help` to get an overview of all commands.\n");
    expect((await invalid(['relay', 'add-auht', 'x.test', 'user', 'S3cret!'])).err).toMatch(/'relay add-auht x\.test user \*\*\*'/);
  });

  it('is echoed as text a terminal only prints', async () => {
    const { err } = await invalid(['email', `ad\x1b]52;c;ZXZpbA==\x07`]);
    expect(err).toMatch(/'email ad\\x1b\]52;c;ZXZpbA==\\x07'/);
  });
});
