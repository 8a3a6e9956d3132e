import type { Stack } from '../stacks/stack.js';
import { existsSync } from 'node:fs';
import { connectEngine, DockerTarget, LocalTarget, locateMailServer, TargetError, type Candidate, type Target } from '../target/index.js';

export interface ConnectOptions {
  container?: string;
  /** Asks the user to pick among several mail servers; absent in scripts. */
  choose?: (candidates: Candidate[]) => Promise<string>;
}

/** Inside a DMS container (its config volume is mounted and there is no engine to talk to) we work locally. */
export function runningInsideMailServer(): boolean {
  return existsSync('/tmp/docker-mailserver') && existsSync('/.dockerenv') && !existsSync('/var/run/docker.sock');
}

/** Asks on a terminal; in scripts (no TTY) several candidates are an error that lists them. */
function defaultChooser(): ConnectOptions['choose'] {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (candidates) => (await import('./choose-container.js')).chooseContainer(candidates);
}

export async function connectTarget(options: ConnectOptions = {}): Promise<Target> {
  if (!options.container && runningInsideMailServer()) return new LocalTarget();
  const docker = await connectEngine();
  // A named container needs no remembered choice: the settings file (and conf's loading) is skipped.
  const settings = options.container ? undefined : (await import('./preferences.js')).preferences();
  const remembered = settings?.get('lastContainer');
  const choose = options.choose ?? defaultChooser();
  const name = await locateMailServer(docker, { name: options.container, remembered, choose });
  if (choose && settings && name !== remembered) settings.set('lastContainer', name);
  return new DockerTarget(docker, name);
}

/**
 * The container the single-server faces (setup, console, check …) work with for `--stack NAME`: the stack's mail
 * server, else its MTA.
 */
export async function stackMainContainer(stackName: string): Promise<{ container: string; stack: Stack }> {
  const { discoverStacks } = await import('../stacks/discover.js');
  const { memberFor } = await import('../stacks/stack.js');
  const stacks = await discoverStacks(await connectEngine());
  const stack = stacks.find((s) => s.name === stackName);
  const member = stack && memberFor(stack, 'mail-server', 'mta');
  if (!stack || !member) {
    const names = stacks.map((s) => `${s.name} (${s.kind})`).join(', ');
    throw new TargetError('CONTAINER_NOT_FOUND', `There is no mail system named "${stackName}". ${names ? `Mail systems here: ${names}.` : 'No mail system runs here.'}`);
  }
  return { container: member.name, stack };
}
