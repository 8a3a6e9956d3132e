import { ensureEngine } from '../env/engine.js';
import { ensureTestbedImage } from '../env/testbed-image.js';
import { checkBench } from './check-bench.js';
import { checkDnsOnlyBench } from './check-dns-only-bench.js';
import { consoleBench, consoleFramesBench } from './console-bench.js';
import { queueLogsBench } from './queue-logs-bench.js';
import { setupBench } from './setup-bench.js';
import { stackBench } from './stack-bench.js';
import { stackConsoleBench } from './stack-console-bench.js';
import { stackLogsBench } from './stack-logs-bench.js';
import { startupBench } from './startup-bench.js';

/**
 * `npm run bench [NAME…]`: every benchmark (or the ones named), against the real engine and testbed, printed as
 * Markdown tables.
 */
const BENCHES: Record<string, (image: string) => Promise<void>> = {
  setup: setupBench,
  check: checkBench,
  'check-dns-only': () => checkDnsOnlyBench(),
  console: consoleBench,
  'console-frames': consoleFramesBench,
  'queue-logs': queueLogsBench,
  stack: () => stackBench(),
  'stack-logs': () => stackLogsBench(),
  'stack-console': stackConsoleBench,
  startup: startupBench,
};
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (there are: ${Object.keys(BENCHES).join(', ')})\n`);
  process.exit(2);
}
const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
await ensureEngine(log);
const image = await ensureTestbedImage(log);
process.stdout.write(`# mailwiz benchmarks\n\nmachine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}, image ${image}\n`);
/** Parts of another benchmark, run only when named. */
const PARTS = new Set(['console-frames']);
for (const [name, bench] of Object.entries(BENCHES)) if (wanted.includes(name) || (wanted.length === 0 && !PARTS.has(name))) await bench(image);
