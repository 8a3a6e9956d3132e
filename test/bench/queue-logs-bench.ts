import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { ConsoleApp } from '../../screens/console-app.js';
import { logsScreen } from '../../screens/logs/logs-screen.js';
import { createQueueScreen } from '../../screens/queue/queue-screen.js';
import { parsePostqueueJson } from '../../src/dms/postqueue.js';
import { DEFAULT_RING_CAPACITY } from '../../src/dms/ring-buffer.js';
import { mailServer, type MailServer } from '../../src/services/mail-server.js';
import { postfixQueue } from '../../src/services/queue-backend.js';
import type { ScreenDefinition } from '../../screens/screen.js';
import { startTestbedContainer, TEST_DOMAIN } from '../support/testbed-container.js';
import { report } from './measure.js';

/**
 * The Queue and Logs screens under load, rendered by ink-testing-library inside a real ConsoleApp (100 columns,
 * 24 rows) connected to a real testbed container:
 * - Queue: first render at 1,000 and 10,000 messages (postqueue -j output captured from the testbed, scaled: FIXTURE
 *   data fed to the screen's loader, parsed on every load as the server's output would be), then keystroke-to-frame.
 * - Logs: a script in the container appends Postfix-like lines to mail.log at rising rates (DMS's own `tail -F` copies
 *   each to the container output too); the screen follows both; we read its frames for the newest sequence number.
 */

const QUEUE_SIZES = [1000, 10_000];
const LOG_RATES = [1000, 2500, 5000, 10_000];
const LOG_SECONDS = 8;
const KEYS = { down: '\u001b[B', pageDown: '\u001b[6~' };

type App = ReturnType<typeof render>;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Milliseconds until the frame passes `check`, checked between event-loop turns. */
async function timeUntil(app: App, check: (frame: string) => boolean, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (!check(app.lastFrame() ?? '')) {
    if (performance.now() - started > timeoutMs) throw new Error(`no such frame within ${timeoutMs} ms:\n${app.lastFrame()}`);
    await tick();
  }
  return performance.now() - started;
}

/** `postqueue -j` text of `count` messages: the captured lines repeated with unique IDs and spread arrival times. */
export function scaledPostqueue(count: number): string {
  const lines = ['postqueue-j.txt', 'postqueue-j-handmade.txt']
    .flatMap((name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8').split('\n'))
    .filter((line) => parsePostqueueJson(line).messages.length === 1);
  return Array.from({ length: count }, (_, i) =>
    lines[i % lines.length]!
      .replace(/"queue_id": "[^"]*"/, `"queue_id": "${(0x10000000000 + i).toString(16).toUpperCase()}"`)
      .replace(/"arrival_time": \d+/, `"arrival_time": ${1795356664 - i * 7}`),
  ).join('\n');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function renderConsole(server: MailServer, screens: ScreenDefinition[]): App {
  return render(createElement(ConsoleApp, { server, screens }));
}

/** Keystroke → next frame written, for `presses` presses of one key. */
async function keystrokes(app: App, key: string, presses: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < presses; i++) {
    const frames = app.frames.length;
    const started = performance.now();
    app.stdin.write(key);
    while (app.frames.length === frames) await tick();
    times.push(performance.now() - started);
  }
  return times;
}

async function queueBench(server: MailServer): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const size of QUEUE_SIZES) {
    const text = scaledPostqueue(size);
    const screen = createQueueScreen(async (server) => ({ ...postfixQueue(server), list: async () => ({ ...parsePostqueueJson(text), readAt: Date.now() }) }));
    const firstRenders: number[] = [];
    let app: App | undefined;
    for (let run = 0; run < 3; run++) {
      app?.unmount();
      const started = performance.now();
      app = renderConsole(server, [screen]);
      await timeUntil(app, (f) => f.includes(`${size.toLocaleString('en-US')} queued`));
      firstRenders.push(performance.now() - started);
    }
    const down = await keystrokes(app!, KEYS.down, 60);
    const pages = await keystrokes(app!, KEYS.pageDown, 20);
    const grouped = performance.now();
    app!.stdin.write('v');
    await timeUntil(app!, (f) => /messages\s+recipient domain\s+reason/.test(f));
    const groupMs = performance.now() - grouped;
    app!.unmount();
    rows.push([size, firstRenders[0]!, percentile(firstRenders, 50), percentile(down, 50), percentile(down, 95), percentile(pages, 50), groupMs]);
  }
  report('Queue screen (fixture data: testbed postqueue -j lines scaled; target: 10,000 render < 1,000 ms)', rows, [
    'messages', 'first render ms (cold)', 'first render ms (median of 3)', '↓ key→frame ms p50', '↓ p95', 'PgDn p50', 'v (group by reason) ms',
  ]);
}

/** Appends `rate` lines a second for `seconds` to mail.log, in 20 ms batches; each line carries `seq=N`. */
const WRITER = `
const fs = require('fs');
const [rate, seconds] = process.argv.slice(1).map(Number);
const total = rate * seconds, started = Date.now();
let n = 0;
const id = (i) => (0x3A0000000 + i).toString(16).toUpperCase();
function batch() {
  const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
  let out = '';
  for (; n < due; n++) {
    out += new Date().toISOString().replace('Z', '+00:00') + ' mail postfix/smtp[' + (1000 + (n % 50)) + ']: ' + id(n) +
      ': seq=' + n + ' to=<user' + (n % 997) + '@example.org>, relay=mx.example.org[192.0.2.' + (n % 250) +
      ']:25, delay=0.4, delays=0.1/0/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ' + id(n + 7) + ')\\n';
  }
  if (out) fs.appendFileSync('/var/log/mail/mail.log', out);
  if (n < total) setTimeout(batch, 20);
}
batch();
`;

interface Sample {
  /** Newest `seq=N` on screen. */
  seq: number;
  /** Lines the screen has taken in (status line: shown + dropped). */
  taken: number;
  rss: number;
  /** process.cpuUsage() of the child, µs. */
  cpu: number;
}

interface RateResult {
  rate: number;
  lines: number;
  received: number;
  shownPerSecond: number;
  catchUpMs: number;
  cpuPercent: number;
  rssMb: number;
}

/** Total lines the Logs screen has taken in, from its status line (`N of M lines · D older dropped`). */
function linesTaken(frame: string): number {
  const shown = /of ([\d,]+) lines/.exec(frame)?.[1] ?? '0';
  const dropped = /([\d,]+) older dropped/.exec(frame)?.[1] ?? '0';
  return Number(shown.replaceAll(',', '')) + Number(dropped.replaceAll(',', ''));
}

function newestSeq(frame: string): number {
  const all = [...frame.matchAll(/seq=(\d+)/g)];
  return all.length ? Number(all.at(-1)![1]) : -1;
}

/**
 * The measured process: the Logs screen in a ConsoleApp (ink-testing-library), bundled and minified like the
 * shipped program (production React), following the container named in MAILWIZ_BENCH_CONTAINER. It prints one
 * JSON sample a line every 100 ms on its stdout (Ink draws into the testing library's own stdout).
 */
export async function logsBenchChild(): Promise<void> {
  const { DockerTarget, connectEngine } = await import('../../src/target/index.js');
  const server = mailServer(new DockerTarget(await connectEngine(), process.env.MAILWIZ_BENCH_CONTAINER ?? ''));
  const app = renderConsole(server, [logsScreen]);
  await timeUntil(app, (f) => f.includes('following'));
  setInterval(() => {
    const frame = app.lastFrame() ?? '';
    const cpu = process.cpuUsage();
    const sample: Sample = { seq: newestSeq(frame), taken: linesTaken(frame), rss: process.memoryUsage().rss, cpu: cpu.user + cpu.system };
    process.stdout.write(`${JSON.stringify(sample)}\n`);
  }, 100);
}

/** What tsup's banner and `shims` give the shipped bundle: `require`, `__filename` and `__dirname` in ESM. */
const BANNER = [
  "import { createRequire as __mwCreateRequire } from 'node:module';",
  "import { fileURLToPath as __mwFileURLToPath } from 'node:url';",
  "import { dirname as __mwDirname } from 'node:path';",
  'const require = __mwCreateRequire(import.meta.url);',
  'const __filename = __mwFileURLToPath(import.meta.url);',
  'const __dirname = __mwDirname(__filename);',
].join(' ');

/** Bundles `logsBenchChild` the way tsup bundles mailwiz (ESM, minified, NODE_ENV=production) and starts it. */
async function startChild(container: string): Promise<{ samples: Sample[]; stop: () => void }> {
  const { build } = await import('esbuild');
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-bench-'));
  const outfile = join(dir, 'logs-child.mjs');
  await build({
    stdin: { contents: "import { logsBenchChild } from './queue-logs-bench.ts'; await logsBenchChild();", resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    // Split like tsup does: Ink's dev-tools chunk (which imports react-devtools-core) then loads only when asked for.
    bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', minify: true, outdir: dir, entryNames: 'logs-child', outExtension: { '.js': '.mjs' }, logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['react-devtools-core', 'cpu-features', '*.node', 'esbuild'],
    banner: { js: BANNER },
  });
  const child = spawn(process.execPath, [outfile], { env: { ...process.env, MAILWIZ_BENCH_CONTAINER: container, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: Sample[] = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) samples.push(JSON.parse(line) as Sample);
  });
  const stop = (): void => {
    child.kill('SIGTERM');
    void rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (samples.length === 0) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the Logs bench child did not start following');
    await sleep(100);
  }
  return { samples, stop };
}

async function logRate(samples: Sample[], server: MailServer, rate: number): Promise<RateResult> {
  const lines = rate * LOG_SECONDS;
  const from = samples.length - 1;
  const baseline = samples[from]!;
  const started = performance.now();
  const writer = server.target.exec(['node', '-e', WRITER, String(rate), String(LOG_SECONDS)], { timeoutMs: (LOG_SECONDS + 30) * 1000 });
  let writerDone: number | undefined;
  void writer.then(() => (writerDone = performance.now()));
  while (samples.at(-1)!.seq < lines - 1 && performance.now() - started < (LOG_SECONDS + 20) * 1000) await sleep(50);
  const ended = performance.now();
  await writer;
  await sleep(500);
  const run = samples.slice(from);
  const last = samples.at(-1)!;
  // Throughput in the middle of the run (25%–75% of the samples while writing): lines that reached the screen per second.
  const writing = run.filter((s) => s.seq >= 0 && s.seq < lines - 1);
  const middle = writing.slice(Math.floor(writing.length / 4), Math.floor((writing.length * 3) / 4));
  const a = middle[0];
  const b = middle.at(-1);
  const shownPerSecond = a && b && b !== a ? ((b.seq - a.seq) * 10) / (middle.length - 1) : 0;
  return {
    rate,
    lines,
    received: last.taken - baseline.taken,
    shownPerSecond,
    catchUpMs: writerDone === undefined ? Number.NaN : Math.max(0, ended - writerDone),
    cpuPercent: ((last.cpu - baseline.cpu) / 1000 / (ended - started + 500)) * 100,
    rssMb: Math.max(...run.map((s) => s.rss)) / 1024 / 1024,
  };
}

async function logsBench(server: MailServer): Promise<void> {
  const child = await startChild(server.target.name);
  try {
    await sleep(1500);
    const results: RateResult[] = [];
    for (const rate of LOG_RATES) results.push(await logRate(child.samples, server, rate));
    report(
      `Logs screen following mail.log + container output, in a bundled production child (ring buffer ${DEFAULT_RING_CAPACITY.toLocaleString('en-US')} lines; target: 5,000 lines/s, RSS < 200 MB)`,
      results.map((r) => [
        r.rate, r.lines, r.received, r.shownPerSecond, r.catchUpMs, r.cpuPercent, r.rssMb,
        r.received >= r.lines && r.catchUpMs < 1500 ? 'yes' : 'no',
      ]),
      ['lines/s written', 'lines', 'lines taken in', 'lines/s on screen (steady)', 'lag after writer ends ms', 'CPU % of one core', 'max RSS MB', 'kept up'],
    );
  } finally {
    child.stop();
  }
}

/** `npm run bench`: the Queue screen at 1,000 / 10,000 messages and the Logs screen's sustained rate. */
export async function queueLogsBench(image: string): Promise<void> {
  const testbed = await startTestbedContainer(image, { accounts: [{ address: `bench@${TEST_DOMAIN}`, password: 'x' }] });
  try {
    const server = mailServer(testbed.target);
    await queueBench(server);
    await logsBench(server);
  } finally {
    await testbed.remove();
  }
}
