import { sanitizeMultiline } from '../../../dms/terminal-text.js';
import type { ExecResult } from '../../../target/index.js';
import type { SetupContext } from '../setup-context.js';

/** Text from the mail server on its way to a terminal: escape sequences removed, line breaks and tabs kept. */
export const forTerminal = sanitizeMultiline;

/** Raw for pipes and files (a script may want the bytes DMS would print); cleaned for a terminal. */
function forStream(text: string, stream: NodeJS.WriteStream): string {
  return stream.isTTY ? forTerminal(text) : text;
}

/** Prints text that came from the server to stdout. */
export function outFromServer(ctx: SetupContext, text: string): void {
  ctx.io.out(forStream(text, process.stdout));
}

/** Passes a command's output through, as if it had run here; resolves to its exit status. */
export function passThrough(ctx: SetupContext, result: ExecResult): number {
  outFromServer(ctx, result.stdout);
  ctx.io.err(forStream(result.stderr, process.stderr));
  if (result.truncated) ctx.io.err('mailwiz: the output was too long and has been cut\n');
  return result.exitCode;
}
