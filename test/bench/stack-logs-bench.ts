import Docker from 'dockerode';
import { followServerLogs } from '../../src/services/log-follow.js';
import { mailServer } from '../../src/services/mail-server.js';
import { DockerTarget } from '../../src/target/index.js';
import { ensureStandInImage } from '../env/stand-in-images.js';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { eventually } from '../support/eventually.js';
import { report } from './measure.js';

const MEMBERS = ['mta', 'groupware', 'database', 'directory'];
const TOTAL_RATE = 5000;
const SECONDS = 10;
const LINES = (TOTAL_RATE / MEMBERS.length) * SECONDS;

/**
 * Waits for /tmp/go, then prints LINES syslog-style Postfix lines at RATE a second, paced in 10 ms batches, and stays
 * up (a stopped member would add a notice). python3 is in the delivery-sink stand-in's image.
 */
const WRITER = `
import os, sys, time
rate, lines, tag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
while not os.path.exists('/tmp/go'): time.sleep(0.02)
start = time.time(); n = 0
while n < lines:
    due = min(lines, int((time.time() - start) * rate) + rate // 100)
    out = []
    while n < due:
        stamp = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime()) + '.000000+00:00'
        out.append(f'{stamp} mx postfix/smtpd[{n % 30000}]: {n:010X}: client=unknown[192.0.2.{n % 250}], {tag} line {n}\\n')
        n += 1
    sys.stdout.write(''.join(out)); sys.stdout.flush()
    time.sleep(0.01)
while True: time.sleep(3600)
`;

interface Run {
  received: number;
  /** ms from the writers' start until every line was received. */
  wallMs: number;
  cpuMs: number;
}

async function startWriters(docker: Docker, image: string, run: string): Promise<DockerTarget[]> {
  const targets: DockerTarget[] = [];
  for (const member of MEMBERS) {
    const name = `${run}-${member}`;
    const container = await docker.createContainer({
      name,
      Image: image,
      Entrypoint: ['python3', '-c', WRITER, String(TOTAL_RATE / MEMBERS.length), String(LINES), member],
      Cmd: [],
      Labels: { [TEST_LABEL]: testRunId() },
    });
    await container.start();
    targets.push(new DockerTarget(docker, name));
  }
  return targets;
}

/** Runs the writers once and counts what `consume` received. */
async function measure(targets: DockerTarget[], consume: (counted: (n: number) => void) => () => void): Promise<Run> {
  let received = 0;
  const stop = consume((n) => (received += n));
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(targets.map((t) => t.exec(['touch', '/tmp/go'])));
    const all = await eventually(async () => received >= LINES * MEMBERS.length, 120_000, 20);
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (!all) throw new Error(`only ${received} of ${LINES * MEMBERS.length} lines arrived`);
    return { received, wallMs, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    stop();
  }
}

/**
 * The Logs screen's follower merging four members' output at 5,000 lines/s in total for 10 s: whether it keeps up
 * (every line received, how long after the writers began), its CPU time and memory. The floor, measured in the same
 * run on fresh writers: the engine's raw log streams of the four containers consumed without parsing or merging.
 */
export async function stackLogsBench(): Promise<void> {
  const docker = new Docker();
  const image = await ensureStandInImage('lmtp-sink');
  const run = `bench-logs-${process.pid}`;
  const all: string[] = [];
  try {
    const raw = await startWriters(docker, image, `${run}-raw`);
    all.push(...raw.map((t) => t.name));
    const floor = await measure(raw, (counted) => {
      const controller = new AbortController();
      for (const target of raw) {
        void (async () => {
          for await (const event of target.followLogs({ tail: 0, signal: controller.signal })) if (event.kind === 'line') counted(1);
        })().catch(() => undefined);
      }
      return () => controller.abort();
    });

    const merged = await startWriters(docker, image, `${run}-merged`);
    all.push(...merged.map((t) => t.name));
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    const follower = await measure(merged, (counted) => {
      const [first, ...others] = merged;
      const logs = followServerLogs(mailServer(first!), {
        sources: ['container'],
        tail: 0,
        member: MEMBERS[0]!,
        otherMembers: others.map((target, i) => ({ label: MEMBERS[i + 1]!, target })),
      });
      logs.subscribe((update) => counted(update.added - update.notices.length));
      return () => logs.stop();
    });
    clearInterval(sampler);
    const mb = (bytes: number) => bytes / 1024 / 1024;
    report(
      `Logs: 4 members merged at ${TOTAL_RATE} lines/s for ${SECONDS} s (${LINES * MEMBERS.length} lines)`,
      [
        ['raw engine streams (floor)', floor.received, floor.wallMs, floor.cpuMs, 1, '', ''],
        ['mailwiz follower (parse, merge, tag)', follower.received, follower.wallMs, follower.cpuMs, follower.cpuMs / floor.cpuMs, mb(rssBefore), mb(rssPeak)],
      ],
      ['consumer', 'lines received', 'all received after ms', 'CPU ms', 'CPU ratio to floor', 'RSS before MB', 'RSS peak MB'],
    );
  } finally {
    await Promise.all(all.map((n) => docker.getContainer(n).remove({ force: true }).catch(() => undefined)));
  }
}
