import { toTable } from '../../dms/dns-plan.js';
import type { DeployEvent, DeployResult } from '../../services/deploy/deploy.js';
import type { LayerProgress } from '../../services/deploy/image-pull.js';

/** Deploy progress as plain lines, for `init` and `demo` (scripts and logs: no bars, no redraws). */

const SYMBOLS = { running: '…', done: '✓', skipped: '-', failed: '✗' } as const;

export function deployPrinter(write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): (event: DeployEvent) => void {
  let lastLayers = 0;
  let lastTime = 0;
  return (event) => {
    if (event.kind === 'phase') {
      write(`${SYMBOLS[event.state]} ${event.phase}: ${event.message}`);
      return;
    }
    const done = event.layers.filter((l: LayerProgress) => /complete|exists/i.test(l.status)).length;
    if (done !== lastLayers || Date.now() - lastTime > 5000) {
      write(`  layers: ${done}/${event.layers.length} done`);
      lastLayers = done;
      lastTime = Date.now();
    }
  };
}

export function printDeployResult(result: DeployResult, directory: string, write: (text: string) => void = (t) => void process.stdout.write(t)): void {
  const what = result.stack ? `The ${result.stack} stack` : result.container;
  write(`\n${what} is up. Its files: ${directory} (docker compose works there).\n\nPublish these DNS records:\n`);
  write(toTable(result.records));
  for (const note of result.notes) write(`\n${note}\n`);
}

/** Reads `--name value` / `--name=value` flags and switches; anything else is refused. */
export function parseFlags(args: readonly string[], valued: readonly string[], switches: readonly string[]): { values: Record<string, string>; on: Set<string> } | string {
  const values: Record<string, string> = {};
  const on = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [name = '', inline] = arg.split(/=(.*)/s, 2);
    if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return `${name} needs a value`;
      values[name] = value;
    } else if (switches.includes(arg)) on.add(arg);
    else return `unknown argument ${arg}`;
  }
  return { values, on };
}
