import { spawn } from 'node:child_process';
import { mkdtempSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './run-cli.js';

export type Signal = 'SIGKILL' | 'SIGTERM' | 'SIGHUP';

export interface KilledRun {
  args: string[];
  /** The exit status when the command finished before the signal, else undefined. */
  exitCode: number | undefined;
  killed: boolean;
}

/** When to send the signal: a moment after the start, or the moment a writer's temporary file appears in `dir`. */
export type KillMoment = { afterMs: number } | { whenWritingIn: string };

/**
 * Runs `mailwiz ARGS` (standard input `input`) and sends `signal` at `moment`, as a user's machine would: SIGKILL and
 * SIGTERM to the process (the OOM killer, `kill`), SIGHUP to its whole process group (a closed terminal or a dropped
 * ssh session). Resolves when the process is gone.
 */
export function runAndKill(args: string[], input: string, signal: Signal, moment: KillMoment): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CLI, ...args], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, MAILWIZ_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'mailwiz-conf-')) },
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    let killed = false;
    const kill = (): void => {
      if (killed || child.exitCode !== null || child.pid === undefined) return;
      killed = true;
      try {
        process.kill(signal === 'SIGHUP' ? -child.pid : child.pid, signal);
      } catch {
        killed = false;
      }
    };
    const timer = 'afterMs' in moment ? setTimeout(kill, moment.afterMs) : undefined;
    const watcher =
      'whenWritingIn' in moment
        ? watch(moment.whenWritingIn, (_event, name) => {
            if (name?.startsWith('.mailwiz-write.')) kill();
          })
        : undefined;
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      watcher?.close();
      resolve({ args, exitCode: code ?? undefined, killed: killed && code === null });
    });
  });
}

/** Runs `count` jobs, at most `parallel` at a time. */
export async function inBatches<T>(count: number, parallel: number, job: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return results;
}
