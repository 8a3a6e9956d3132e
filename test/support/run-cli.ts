import { execa, type Options } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/mailwiz.js', import.meta.url));

/** Runs the built `mailwiz` as a user would, with its own empty settings folder. */
export async function runCli(args: string[], options: Options = {}): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const result = await execa('node', [CLI, ...args], {
    reject: false,
    stripFinalNewline: false,
    ...options,
    env: { MAILWIZ_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'mailwiz-conf-')), ...options.env },
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? 1 };
}
