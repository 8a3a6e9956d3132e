import type { MailServer } from '../../services/mail-server.js';
import { ServiceError } from '../../services/errors.js';
import { isTargetError } from '../../target/index.js';
import { logLine } from './dms-log.js';
import type { SetupIo } from './setup-io.js';

export interface SetupContext {
  /** The arguments after the subcommand words, e.g. the address and password of `email add`. */
  args: string[];
  io: SetupIo;
  /** `--json`: listings print JSON. */
  json: boolean;
  /** `--wait`: return once the change is live, not just written. */
  wait: boolean;
  /** Connects on first use: `help` pages and argument errors never need the server. */
  server(): Promise<MailServer>;
  /** `server()` for commands that run programs on the server; refused with `-p`, where only the config folder exists. */
  runningServer(): Promise<MailServer>;
}

export type SetupHandler = (ctx: SetupContext) => Promise<number>;

/** Runs a handler, turning the errors a user can act on into DMS's `ERROR` line and exit status 1. */
export function asScript(script: string, handler: SetupHandler): SetupHandler {
  return async (ctx) => {
    try {
      return await handler(ctx);
    } catch (error) {
      if (error instanceof ServiceError || isTargetError(error)) {
        ctx.io.err(logLine('ERROR', script, error.message));
        return 1;
      }
      throw error;
    }
  };
}

/** DMS's rule for commands with required arguments: `help` prints the usage (exit 0), too few prints it (exit 1). */
export function usageGate(ctx: SetupContext, usage: string, required: number): number | undefined {
  if (ctx.args[0] === 'help') {
    ctx.io.out(usage);
    return 0;
  }
  if (ctx.args.length < required) {
    ctx.io.out(usage);
    return 1;
  }
  return undefined;
}

export function usagePage(name: string, usage: string, description: string, examples: [string, string][]): string {
  const lines = [
    `${name}(8)`,
    '',
    'USAGE',
    `    ${usage}`,
    '',
    'OPTIONS',
    '    Generic Program Information',
    '        help       Print the usage information.',
    '',
    'DESCRIPTION',
    ...description.split('\n').map((l) => `    ${l}`),
    '',
    'EXAMPLES',
    ...examples.flatMap(([command, meaning]) => [`    ${command}`, `        ${meaning}`, '']),
    'EXIT STATUS',
    '    Exit status is 0 if command was successful. If wrong arguments are provided',
    '    or arguments contain errors, the script will exit early with exit status 1.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** Prints JSON listings with a stable shape: one document, two-space indented. */
export function printJson(ctx: SetupContext, value: unknown): void {
  ctx.io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** The password argument, or the two prompts DMS asks when it is missing or empty. */
export async function passwordFrom(ctx: SetupContext, given: string | undefined): Promise<string> {
  if (given !== undefined && given !== '') return given;
  const first = await ctx.io.secret('Enter Password: ');
  if (first === '') throw new ServiceError('Password must not be empty');
  const second = await ctx.io.secret('Confirm Password: ');
  if (first !== second) throw new ServiceError('Passwords do not match!');
  return first;
}

/** DMS's warning when it lowercases the name it was given; resolves to the stored (lowercased) name. */
export function noteLowercasing(ctx: SetupContext, script: string, given: string, stored: string): string {
  if (stored !== given) {
    ctx.io.err(logLine('WARN ', script, `Mail account '${given}' has uppercase letters and will be normalized to '${stored}'`));
  }
  return stored;
}
