import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from './run-cli.js';

const REGISTER = fileURLToPath(new URL('./load-trace/register.mjs', import.meta.url));

export interface LoadedModule {
  /** The chunk's file name in dist/. */
  file: string;
  bytes: number;
  source: string;
}

/** Runs the built CLI with `args` and returns the dist/ files Node loaded for it, in load order. */
export async function loadedModules(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ modules: LoadedModule[]; exitCode: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-load-'));
  const trace = join(dir, 'trace');
  try {
    const result = await execa('node', ['--import', REGISTER, CLI, ...args], {
      env: { ...env, MAILWIZ_LOAD_TRACE: trace },
      reject: false,
      stdin: 'ignore',
    });
    const lines = (await readFile(trace, 'utf8').catch(() => '')).split('\n').filter((l) => l.includes('/dist/'));
    const modules = await Promise.all(
      lines.map(async (line) => {
        const path = fileURLToPath(line.slice(0, line.lastIndexOf(' ')));
        const source = await readFile(path, 'utf8');
        return { file: basename(path), bytes: Buffer.byteLength(source), source };
      }),
    );
    return { modules, exitCode: result.exitCode ?? 1 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
