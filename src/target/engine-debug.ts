import { appendFileSync } from 'node:fs';
import type Docker from 'dockerode';

/**
 * `--debug` / MAILWIZ_DEBUG=1: every engine request (method, path, for an exec its argv) with its status and time,
 * one line each, to stderr, or to MAILWIZ_DEBUG_FILE when set (the live console owns the terminal). Bodies are never
 * logged but an exec's command; words after a password flag are masked, though mailwiz passes passwords on stdin only.
 */

const PASSWORD_FLAGS = new Set(['-p', '-P', '-w', '--password', '--pass', '--bind-password']);

export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MAILWIZ_DEBUG === '1';
}

function redactArgv(argv: readonly string[]): string[] {
  return argv.map((word, i) => (i > 0 && PASSWORD_FLAGS.has(argv[i - 1] ?? '') ? '***' : word));
}

export function debugLine(text: string, env: NodeJS.ProcessEnv = process.env): void {
  const line = `mailwiz debug ${new Date().toISOString()} ${text}\n`;
  if (env.MAILWIZ_DEBUG_FILE) appendFileSync(env.MAILWIZ_DEBUG_FILE, line, { mode: 0o600 });
  else process.stderr.write(line);
}

interface DialOptions {
  method?: string;
  path?: string;
  options?: { Cmd?: unknown } & Record<string, unknown>;
}

type Dial = (options: DialOptions, callback?: (error: unknown, result?: unknown) => void) => unknown;

/** Wraps the client's one door to the engine, so that every request is logged once, when it answers. */
export function traceEngine(docker: Docker, describe: string): void {
  const modem = (docker as unknown as { modem: { dial: Dial } }).modem;
  const dial = modem.dial.bind(modem);
  debugLine(`engine ${describe}`);
  modem.dial = (options, callback) => {
    const started = Date.now();
    const cmd = Array.isArray(options.options?.Cmd) ? ` argv ${JSON.stringify(redactArgv(options.options.Cmd as string[]))}` : '';
    const what = `${options.method ?? 'GET'} ${(options.path ?? '').split('?')[0]}${cmd}`;
    return dial(options, (error, result) => {
      const status = error ? `error ${(error as { statusCode?: number }).statusCode ?? (error as Error).message}` : 'ok';
      debugLine(`${what} → ${status} in ${Date.now() - started} ms`);
      callback?.(error, result);
    });
  };
}
