import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { AsyncQueue } from './async-queue.js';
import { engineAddress, engineError } from './docker-engine.js';
import { TargetError } from './errors.js';
import { LineSplitter } from './line-splitter.js';
import { ExecInput } from './exec-reply.js';
import { OutputCollector } from './output-collector.js';
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
import { ATOMIC_WRITE_SCRIPT, FOLLOW_FILE_SCRIPT } from './write-script.js';
import { parseDockerTimestamp, toTargetInfo } from './docker-inspect.js';

/** Extra time the engine gets, past the in-container `timeout`, before we stop waiting for it ourselves. */
const CLIENT_GRACE_MS = 5000;
const RESTART_POLL_MS = 500;
/** Opening an exec while the container restarts can hang for good (seen with Debian's engine): retry after this. */
const FILE_OPEN_TIMEOUT_MS = 5000;

export class DockerTarget implements Target {
  readonly runsCommands = true;
  readonly kind = 'docker';
  private readonly container: Docker.Container;

  constructor(
    private readonly docker: Docker,
    readonly name: string,
  ) {
    this.container = docker.getContainer(name);
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (argv.length === 0) throw new Error('exec needs a command');
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    // Called only once the stream below exists (ExecInput sends after `start`).
    const input = new ExecInput(options, (bytes) => {
      stream.on('error', () => undefined);
      stream.end(bytes);
    });
    const withStdin = input.open;
    // `timeout` ends the command inside the container: the Docker API has no way to kill an exec.
    const cmd = ['timeout', '--kill-after=2', `${timeoutMs / 1000}s`, ...argv];
    const started = Date.now();

    let exec: Docker.Exec;
    try {
      exec = await this.container.exec({
        Cmd: cmd,
        AttachStdout: true,
        AttachStderr: true,
        AttachStdin: withStdin,
        Tty: false,
        User: options.user,
        Env: options.env ? Object.entries(options.env).map(([k, v]) => `${k}=${v}`) : undefined,
      });
    } catch (error) {
      throw this.containerError(error);
    }

    const stream = (await exec.start({ hijack: true, stdin: withStdin })) as Duplex;
    const stdout = new OutputCollector(limit, (chunk) => input.feed(chunk));
    const stderr = new OutputCollector(limit);
    this.docker.modem.demuxStream(stream, stdout, stderr);
    input.start();

    await new Promise<void>((resolve, reject) => {
      const guard = setTimeout(() => {
        stream.destroy();
        reject(new TargetError('TIMEOUT', `${argv[0]} did not finish within ${timeoutMs} ms in ${this.name}.`));
      }, timeoutMs + CLIENT_GRACE_MS);
      const finish = (): void => {
        clearTimeout(guard);
        resolve();
      };
      stream.once('end', finish);
      stream.once('close', finish);
      stream.once('error', (error) => {
        clearTimeout(guard);
        reject(error);
      });
    });

    const exitCode = await this.exitCodeOf(exec);
    if (input.error !== undefined) throw input.error;
    const stdoutBytes = stdout.bytes();
    const result: ExecResult = {
      stdout: stdoutBytes.toString('utf8'),
      stdoutBytes,
      stderr: stderr.text(),
      exitCode,
      truncated: stdout.truncated || stderr.truncated,
    };
    if (exitCode === 124 && Date.now() - started >= timeoutMs) {
      throw new TargetError('TIMEOUT', `${argv[0]} did not finish within ${timeoutMs} ms in ${this.name}; it was stopped.`);
    }
    if ((exitCode === 127 || exitCode === 126) && /timeout: failed to run command/.test(result.stderr)) {
      throw new TargetError(
        'COMMAND_MISSING',
        `The command "${argv[0]}" is not available in ${this.name}. Is this a docker-mailserver container?`,
      );
    }
    return result;
  }

  async readFile(path: string): Promise<string> {
    const result = await this.exec(['cat', '--', path]);
    if (result.exitCode !== 0) {
      if (/No such file|Not a directory/.test(result.stderr)) {
        throw new TargetError('FILE_NOT_FOUND', `${path} does not exist in ${this.name}.`);
      }
      throw new Error(`Cannot read ${path} in ${this.name}: ${result.stderr.trim()}`);
    }
    return result.stdout;
  }

  async writeFile(path: string, content: string | Buffer, options: WriteOptions = {}): Promise<void> {
    const mode = (options.mode ?? 0o644).toString(8);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const sum = createHash('sha256').update(bytes).digest('hex');
    const result = await this.exec(['sh', '-c', ATOMIC_WRITE_SCRIPT, 'mailwiz-write', path, mode, String(bytes.length), sum], {
      stdin: bytes,
    });
    if (result.exitCode !== 0) {
      throw new TargetError('WRITE_FAILED', `Cannot write ${path} in ${this.name}: ${result.stderr.trim()}`);
    }
  }

  async exists(path: string): Promise<boolean> {
    return (await this.exec(['test', '-e', path])).exitCode === 0;
  }

  async info(): Promise<TargetInfo> {
    try {
      return toTargetInfo(await this.container.inspect());
    } catch (error) {
      throw this.containerError(error);
    }
  }

  followLogs(options: FollowOptions = {}): AsyncIterable<LogEvent> {
    let current: Readable | undefined;
    let stopped = false;
    const queue = new AsyncQueue<LogEvent>(() => {
      stopped = true;
      current?.destroy();
    });
    options.signal?.addEventListener('abort', () => {
      stopped = true;
      current?.destroy();
      queue.close();
    });

    const run = async (): Promise<void> => {
      let lastTime: bigint | undefined;
      // Where the previous connection ended: the engine repeats lines from that second after a reconnect.
      let resumeAfter: bigint | undefined;
      let tail = options.tail ?? 0;
      let since = options.since;
      let reopened = false;
      while (!stopped) {
        const stream = options.file
          ? await this.openFileStreamWithin(options.file, tail, reopened)
          : await this.openLogStream(tail, since);
        if (!stream) {
          await this.waitUntilRunning(() => stopped);
          continue;
        }
        reopened = true;
        current = stream;
        if (stopped) {
          stream.destroy();
          break;
        }
        await this.pumpLines(stream, Boolean(options.file), (event, time) => {
          // After a reconnect the engine repeats lines from the last second; skip what we already gave out. Within
          // one connection nothing is skipped: stdout and stderr lines need not arrive in timestamp order.
          if (time !== undefined && resumeAfter !== undefined && time <= resumeAfter) return;
          if (time !== undefined && (lastTime === undefined || time > lastTime)) lastTime = time;
          queue.push(event);
        });
        resumeAfter = lastTime;
        if (stopped) break;
        queue.push({ kind: 'status', message: `${this.name} stopped; waiting for it to run again…` });
        await this.waitUntilRunning(() => stopped);
        if (stopped) break;
        queue.push({ kind: 'status', message: `${this.name} is running again; following its logs.` });
        tail = options.file ? 0 : tail;
        since = lastTime !== undefined ? new Date(Number(lastTime / 1_000_000n)) : new Date();
      }
      queue.close();
    };
    run().catch((error: unknown) => queue.close(error instanceof Error ? error : new Error(String(error))));
    return queue;
  }

  private async openLogStream(tail: number, since: Date | undefined): Promise<Readable> {
    try {
      return (await this.container.logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        tail,
        since: since ? Math.floor(since.getTime() / 1000) : 0,
      })) as unknown as Readable;
    } catch (error) {
      throw this.containerError(error);
    }
  }

  /**
   * `openFileStream`, or undefined when it does not open in time (a stream that opens later is closed at once) or,
   * when reopening after a restart, fails (the container may be restarting again): the caller waits and retries.
   */
  private async openFileStreamWithin(file: string, tail: number, reopening: boolean): Promise<Readable | undefined> {
    const opening = this.openFileStream(file, tail);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), FILE_OPEN_TIMEOUT_MS);
    });
    const stream = await Promise.race([reopening ? opening.catch(() => undefined) : opening, late]).finally(() => clearTimeout(timer));
    if (stream === undefined) void opening.then((s) => s.destroy(), () => undefined);
    return stream;
  }

  private async openFileStream(file: string, tail: number): Promise<Readable> {
    let exec: Docker.Exec;
    try {
      exec = await this.container.exec({
        Cmd: ['sh', '-c', FOLLOW_FILE_SCRIPT, 'mailwiz-follow', String(tail), file],
        AttachStdout: true,
        AttachStderr: true,
        AttachStdin: true,
        Tty: false,
      });
    } catch (error) {
      throw this.containerError(error);
    }
    return (await exec.start({ hijack: true, stdin: true })) as Duplex;
  }

  /** Resolves when the stream ends; each whole line goes to `emit` with its engine timestamp (if any) in ns. */
  private pumpLines(
    stream: Readable,
    fromFile: boolean,
    emit: (event: LogEvent, time: bigint | undefined) => void,
  ): Promise<void> {
    const streams = { stdout: new PassThrough(), stderr: new PassThrough() };
    this.docker.modem.demuxStream(stream, streams.stdout, streams.stderr);
    for (const name of ['stdout', 'stderr'] as const) {
      const splitter = new LineSplitter();
      const handle = (line: string): void => {
        if (fromFile) {
          emit({ kind: 'line', line, stream: name }, undefined);
          return;
        }
        const { time, nanos, text } = parseDockerTimestamp(line);
        emit({ kind: 'line', line: text, stream: name, time }, nanos);
      };
      streams[name].on('data', (chunk: Buffer) => splitter.push(chunk.toString('utf8')).forEach(handle));
      streams[name].on('end', () => splitter.flush().forEach(handle));
    }
    return new Promise((resolve) => {
      const done = (): void => {
        streams.stdout.end();
        streams.stderr.end();
        resolve();
      };
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
    });
  }

  private async waitUntilRunning(isStopped: () => boolean): Promise<void> {
    while (!isStopped()) {
      try {
        const state = await this.container.inspect();
        if (state.State.Running && !state.State.Restarting) return;
      } catch {
        // Removed and not (yet) re-created under this name: keep waiting.
      }
      await new Promise((resolve) => setTimeout(resolve, RESTART_POLL_MS));
    }
  }

  private async exitCodeOf(exec: Docker.Exec): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const state = await exec.inspect();
      if (!state.Running && state.ExitCode !== null) return state.ExitCode;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`The engine did not report how the command ended in ${this.name}.`);
  }

  private containerError(error: unknown): Error {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) {
      return new TargetError('CONTAINER_NOT_FOUND', `There is no container named "${this.name}".`);
    }
    if (status === 409) {
      return new TargetError(
        'CONTAINER_NOT_RUNNING',
        `The container "${this.name}" is not running. Start it with: docker start ${this.name}`,
      );
    }
    if (status === undefined) return engineError(error, engineAddress());
    return error instanceof Error ? error : new Error(String(error));
  }
}
