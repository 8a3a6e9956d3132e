import { randomBytes } from 'node:crypto';
import { chmod, chown, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { AsyncQueue } from './async-queue.js';
import { ExecInput } from './exec-reply.js';
import { UNLOCKED_TEMPORARY } from './write-script.js';
import { TargetError } from './errors.js';
import { LineSplitter } from './line-splitter.js';
import {
  DEFAULT_EXEC_TIMEOUT_MS,
  DEFAULT_MAX_OUTPUT_BYTES,
  type ExecOptions,
  type ExecResult,
  type FollowOptions,
  type LogEvent,
  type Target,
  type TargetInfo,
  type WriteOptions,
} from './target.js';

/** The machine mailwiz runs on: used inside the mail server container, where `setup` runs locally. */
export class LocalTarget implements Target {
  readonly runsCommands = true;
  readonly kind = 'local';
  readonly name = 'this machine';

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const [file, ...args] = argv;
    if (file === undefined) throw new Error('exec needs a command');
    const { execa } = await import('execa');
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const input = new ExecInput(options, (bytes) => {
      subprocess.stdin?.on('error', () => undefined);
      subprocess.stdin?.end(bytes);
    });
    const subprocess = execa(file, args, {
      stdin: input.open ? 'pipe' : 'ignore',
      timeout: timeoutMs,
      reject: false,
      stripFinalNewline: false,
      maxBuffer: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
      env: options.env,
      encoding: 'buffer',
    });
    subprocess.stdout?.on('data', (chunk: Buffer) => input.feed(chunk));
    input.start();
    const result = await subprocess;
    if (input.error !== undefined) throw input.error;
    if (result.timedOut) {
      throw new TargetError('TIMEOUT', `${file} did not finish within ${timeoutMs} ms; it was stopped.`);
    }
    if ((result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new TargetError('COMMAND_MISSING', `The command "${file}" is not available on this machine.`);
    }
    const stdoutBytes = Buffer.from(result.stdout ?? new Uint8Array());
    return {
      stdout: stdoutBytes.toString('utf8'),
      stdoutBytes,
      stderr: Buffer.from(result.stderr ?? new Uint8Array()).toString('utf8'),
      exitCode: result.exitCode ?? 1,
      truncated: Boolean(result.isMaxBuffer),
    };
  }

  async readFile(path: string): Promise<string> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new TargetError('FILE_NOT_FOUND', `${path} does not exist.`);
      }
      throw error;
    }
  }

  async writeFile(path: string, content: string | Buffer, options: WriteOptions = {}): Promise<void> {
    const previous = await stat(path).catch(() => undefined);
    // Named like the shell writers' temporaries (target/write-script.ts), so the next writer removes it if we die.
    const temporary = join(dirname(path), `${UNLOCKED_TEMPORARY}${process.pid}.${randomBytes(6).toString('hex')}`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
      await handle.close();
      if (previous) {
        await chmod(temporary, previous.mode & 0o7777);
        await chown(temporary, previous.uid, previous.gid).catch(() => undefined);
      } else {
        await chmod(temporary, options.mode ?? 0o644);
      }
      await rename(temporary, path);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      throw new TargetError('WRITE_FAILED', `Cannot write ${path}: ${(error as Error).message}`);
    }
  }

  async exists(path: string): Promise<boolean> {
    return stat(path).then(
      () => true,
      () => false,
    );
  }

  followLogs(options: FollowOptions = {}): AsyncIterable<LogEvent> {
    const file = options.file ?? '/var/log/mail/mail.log';
    const controller = new AbortController();
    options.signal?.addEventListener('abort', () => controller.abort());
    const queue = new AsyncQueue<LogEvent>(() => controller.abort());
    const run = async (): Promise<void> => {
      const { execa } = await import('execa');
      const tail = execa('tail', ['-n', String(options.tail ?? 0), '-F', '--', file], {
        cancelSignal: controller.signal,
        reject: false,
        buffer: false,
      });
      const splitter = new LineSplitter();
      tail.stdout?.on('data', (chunk: Buffer) => {
        for (const line of splitter.push(chunk.toString('utf8'))) queue.push({ kind: 'line', line, stream: 'stdout' });
      });
      await tail;
      queue.close();
    };
    run().catch((error: unknown) => queue.close(error instanceof Error ? error : new Error(String(error))));
    return queue;
  }

  async info(): Promise<TargetInfo> {
    return {
      name: hostname(),
      id: '',
      image: '',
      state: 'running',
      hostname: hostname(),
      ports: [],
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
      mounts: [],
      labels: {},
    };
  }
}
