import { ensureEngine } from '../env/engine.js';
import { ensureTestbedImage } from '../env/testbed-image.js';
import { checkBench } from './check-bench.js';
import { consoleBench } from './console-bench.js';
import { queueLogsBench } from './queue-logs-bench.js';
import { setupBench } from './setup-bench.js';
import { stackBench } from './stack-bench.js';

/** `npm run bench`: every benchmark, against the real engine and testbed, printed as Markdown tables. */
const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
await ensureEngine(log);
const image = await ensureTestbedImage(log);
process.stdout.write(`# mailwiz benchmarks\n\nmachine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}, image ${image}\n`);
await setupBench(image);
await checkBench(image);
await consoleBench(image);
await queueLogsBench(image);
await stackBench();
