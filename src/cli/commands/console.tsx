import type { Stack } from '../../stacks/stack.js';
import { connectEngine, type Target } from '../../target/index.js';
import { connectTarget } from '../connect.js';

/** The mail system the container belongs to (none inside the container itself). */
async function stackOf(target: Target): Promise<Stack | undefined> {
  if (target.kind !== 'docker') return undefined;
  const { discoverStacks } = await import('../../stacks/discover.js');
  return (await discoverStacks(await connectEngine())).find((s) => s.members.some((m) => m.name === target.name));
}

/** `mailwiz console`: the full-screen admin console; needs a terminal. */
export async function consoleCommand(options: { container?: string; readOnly: boolean; screen?: string; stack?: Stack }): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write('mailwiz console needs a terminal (a TTY); over ssh, use "ssh -t". For scripts, use "mailwiz setup …".\n');
    return 2;
  }
  // The interface (Ink, React, the screens) loads while the engine answers: the two overlap.
  const ui = import('./console-ui.js');
  ui.catch(() => undefined);
  const target = await connectTarget({ container: options.container });
  const stack = options.stack ?? (await stackOf(target));
  await (await ui).runConsole({ target, stack, readOnly: options.readOnly, screen: options.screen });
  return 0;
}
