import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { runCli } from './run-cli.js';
import type { Testbed } from './testbed.js';

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** `mailwiz -c <testbed> setup …`, with `input` as standard input (prompt answers). */
export function setupCli(testbed: () => Testbed): (args: string[], input?: string) => Promise<CliResult> {
  return (args, input = '') => runCli(['-c', testbed().name, 'setup', ...args], { input });
}

/**
 * Every file of the config volume with its content, lock files aside (ours, and the change detector's while it
 * applies an earlier change): compare before and after a command.
 */
export async function configSnapshot(tb: Testbed): Promise<Record<string, string>> {
  const entries = await readdir(tb.configDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.endsWith('.lock')).map((e) => join(e.parentPath, e.name));
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  return Object.fromEntries(files.map((f, i) => [relative(tb.configDir, f), texts[i]!]).sort(([a], [b]) => a!.localeCompare(b!)));
}

/** DMS's error shape on stderr: one `ERROR <script>: …` line. */
export function errorLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => / ERROR \S+: /.test(line));
}

/**
 * What a user sees for invalid input: a non-zero exit, one ERROR line that matches `message`, and the config volume
 * exactly as before.
 */
export async function expectRefused(
  tb: Testbed,
  run: () => Promise<CliResult>,
  message: RegExp,
): Promise<CliResult> {
  const before = await configSnapshot(tb);
  const result = await run();
  expect(result.exitCode, result.stderr).not.toBe(0);
  const errors = errorLines(result);
  expect(errors, result.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(await configSnapshot(tb)).toEqual(before);
  return result;
}
