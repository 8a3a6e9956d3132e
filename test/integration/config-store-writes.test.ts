import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAccount } from '../../src/services/accounts.js';
import { addAlias } from '../../src/services/aliases.js';
import { mailServer } from '../../src/services/mail-server.js';
import { ConfigFolderTarget, LocalTarget } from '../../src/target/index.js';
import { CHANGED_MEANWHILE, LOCKED_EDIT_SCRIPT } from '../../src/target/store-scripts.js';
import { INCOMPLETE_CONTENT } from '../../src/target/write-script.js';
import { eventually } from '../support/eventually.js';

/** The config store's shell programs, run for real by `sh` on a folder of this machine. */

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const OLD = 'jane@example.test|{SHA512-CRYPT}$6$salt$hash\n';

async function folderWith(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-store-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

function editArgs(dir: string, context: string[] = []): string[] {
  return ['sh', '-c', LOCKED_EDIT_SCRIPT, 'mailwiz-edit', join(dir, 'postfix-accounts.cf'), '600', '1', ...context];
}

/** The client's answer to the edit program: the byte count and sha256 line, then the content (or a part of it). */
const answer = (content: Buffer, sent: Buffer = content, sum = sha256(content)): Buffer =>
  Buffer.concat([Buffer.from(`${content.length} ${sum}\n`), sent]);

const temporaries = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((n) => n.startsWith('.mailwiz-'));

describe('locked edit', () => {
  const next = Buffer.from(`${OLD}new@example.test|{SHA512-CRYPT}$6$salt$hash\n`);

  it('prints the file and each context file, then writes the answer', async () => {
    const dir = await folderWith({ 'postfix-accounts.cf': OLD, 'postfix-virtual.cf': 'a@example.test b@example.test\n' });
    const result = await new LocalTarget().exec(editArgs(dir, [join(dir, 'postfix-virtual.cf'), join(dir, 'absent.cf')]), {
      stdin: answer(next),
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      `${sha256(OLD)} ${OLD.length}\n${OLD}${sha256('a@example.test b@example.test\n')} 30\na@example.test b@example.test\n- 0\nmode 644 600\n`,
    );
    expect(await readFile(join(dir, 'postfix-accounts.cf'))).toEqual(next);
  });

  it.each([
    ['no answer comes (the client died before sending, or decided to change nothing)', Buffer.alloc(0), 0],
    ['the answer is "-"', Buffer.from('-\n'), 0],
    ['the content is cut short', answer(next, next.subarray(0, 20)), INCOMPLETE_CONTENT],
  ])('keeps the old file when %s', async (_label, sent, exitCode) => {
    const dir = await folderWith({ 'postfix-accounts.cf': OLD });
    const result = await new LocalTarget().exec(editArgs(dir), { stdin: sent });
    expect(result.exitCode).toBe(exitCode);
    if (exitCode !== 0) expect(result.stderr).toMatch(/is unchanged/);
    expect(await readFile(join(dir, 'postfix-accounts.cf'), 'utf8')).toBe(OLD);
    expect(await temporaries(dir)).toEqual([]);
  });

  it('keeps the old file when the content arrives whole but different', async () => {
    const dir = await folderWith({ 'postfix-accounts.cf': OLD });
    const damaged = Buffer.from(next);
    damaged[5] = 0x58;
    const result = await new LocalTarget().exec(editArgs(dir), { stdin: answer(next, damaged) });
    expect(result.exitCode).toBe(INCOMPLETE_CONTENT);
    expect(await readFile(join(dir, 'postfix-accounts.cf'), 'utf8')).toBe(OLD);
  });

  it('refuses when another program changed a context file between the read and the answer', async () => {
    const dir = await folderWith({ 'postfix-accounts.cf': OLD, 'postfix-virtual.cf': 'a@example.test b@example.test\n' });
    const virtual = join(dir, 'postfix-virtual.cf');
    let printed = '';
    const reply = (chunk: Buffer): Buffer | undefined => {
      printed += chunk.toString('latin1');
      if (!printed.endsWith('b@example.test\n')) return undefined;
      writeFileSync(virtual, 'new@example.test c@example.test\n');
      return answer(next);
    };
    const stale = await new LocalTarget().exec(editArgs(dir, [virtual]), { reply });
    expect(stale.exitCode).toBe(CHANGED_MEANWHILE);
    expect(await readFile(join(dir, 'postfix-accounts.cf'), 'utf8')).toBe(OLD);
  });

  it('queues concurrent edits under its lock: 20 at once each read the file once and all land', async () => {
    const dir = await folderWith({ 'postfix-accounts.cf': OLD });
    const server = mailServer(new ConfigFolderTarget(dir), dir);
    let reads = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.config.update('postfix-accounts.cf', (text) => {
          reads++;
          return `${text}u${i}@example.test|{SHA512-CRYPT}$6$salt$hash\n`;
        }),
      ),
    );
    expect(reads).toBe(20);
    const lines = (await readFile(join(dir, 'postfix-accounts.cf'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(21);
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)('a writer stopped by %s mid-content removes its temporary file', async (signal) => {
    const dir = await folderWith({ 'postfix-accounts.cf': OLD });
    const [file, ...args] = editArgs(dir);
    const writer = spawn(file!, args, { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    writer.stdin.write(answer(next, next.subarray(0, 10)));
    expect(await eventually(async () => (await temporaries(dir)).length === 1, 30_000, 20)).toBe(true);
    const ended = new Promise((resolve) => writer.on('exit', (code, name) => resolve(code ?? name)));
    // As a user's machine does it: a hangup reaches the whole process group; a kill reaches the writer, and its
    // parent's end of the pipe closes as the parent dies.
    process.kill(signal === 'SIGHUP' ? -writer.pid! : writer.pid!, signal);
    writer.stdin.end();
    expect(await ended).toBe({ SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[signal]);
    expect(await temporaries(dir)).toEqual([]);
    expect(await readFile(join(dir, 'postfix-accounts.cf'), 'utf8')).toBe(OLD);
  });

  it('removes what killed writers left (any locked writer\'s, unlocked ones whose process is gone)', async () => {
    const dir = await folderWith({
      'postfix-accounts.cf': OLD,
      '.mailwiz-write.123.AbCdEf': 'x|leftover hash\n',
      '.mailwiz-write.Zx81Qa': 'from an older mailwiz\n',
      '.mailwiz-atomic.999999999.AbCdEf': 'dead writer\n',
      [`.mailwiz-atomic.${process.pid}.AbCdEf`]: 'a writer that still runs\n',
    });
    const result = await new LocalTarget().exec(editArgs(dir), { stdin: answer(next) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await temporaries(dir)).toEqual([`.mailwiz-atomic.${process.pid}.AbCdEf`]);
  });

  it('tightens a file with passwords in clear that others can read to 0600 and says so once; the lock file is not world-writable', async () => {
    const dir = await folderWith({ 'postfix-sasl-password.cf': '@example.test user:old\n', 'postfix-virtual.cf': '' });
    const { chmod } = await import('node:fs/promises');
    await chmod(join(dir, 'postfix-sasl-password.cf'), 0o644);
    await chmod(join(dir, 'postfix-virtual.cf'), 0o664);
    const notices: string[] = [];
    const previous = process.umask(0);
    try {
      const server = mailServer(new ConfigFolderTarget(dir), dir, { notify: (m) => notices.push(m) });
      await server.config.update('postfix-sasl-password.cf', (t) => `${t}@other.test user:secret\n`);
      await server.config.update('postfix-sasl-password.cf', (t) => `${t}@third.test user:secret\n`);
      await server.config.update('postfix-virtual.cf', () => 'a@example.test b@example.test\n');
    } finally {
      process.umask(previous);
    }
    expect((await stat(join(dir, 'postfix-sasl-password.cf'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'postfix-virtual.cf'))).mode & 0o777).toBe(0o664);
    expect((await stat(join(dir, '.mailwiz.lock'))).mode & 0o022).toBe(0);
    expect(notices).toEqual([expect.stringMatching(/postfix-sasl-password\.cf holds passwords but others could read it \(mode 644\); it is now 0600/)]);
  });
});

describe('clash checks hold under concurrency', () => {
  it('of `email add X` and `alias add X` started together, exactly one succeeds (40 trials)', async () => {
    const dir = await folderWith({ 'postfix-accounts.cf': OLD, 'postfix-virtual.cf': '' });
    const server = mailServer(new ConfigFolderTarget(dir), dir);
    for (let trial = 0; trial < 40; trial++) {
      const address = `both${trial}@example.test`;
      const outcomes = await Promise.allSettled([addAccount(server, address, 'pw'), addAlias(server, address, 'jane@example.test')]);
      expect(outcomes.filter((o) => o.status === 'fulfilled'), `trial ${trial}`).toHaveLength(1);
      expect(outcomes.find((o) => o.status === 'rejected')?.reason.message).toMatch(/already defined as an (alias|account)/);
    }
  });
});
