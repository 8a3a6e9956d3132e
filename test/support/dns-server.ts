import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createNodeResolver } from '../../src/services/dns/resolver.js';
import { eventually } from './eventually.js';

/** A real authoritative DNS server (Debian's Knot) on a loopback port, serving zones a test writes. */

export interface TestZone {
  /** The zone's apex, e.g. `good.test`. */
  origin: string;
  /** Records to serve, zone-file syntax (absolute names, or relative to the origin); SOA, NS and `ns` A are added. */
  records: string;
}

export interface AuthoritativeDns {
  /** `127.0.0.1:PORT`, for `--resolver` / `createNodeResolver({server})`. */
  server: string;
  stop(): Promise<void>;
}

const KNOTD_PATHS = ['/usr/sbin/knotd', '/usr/bin/knotd'];
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };

function knotd(): string | undefined {
  return KNOTD_PATHS.find((path) => existsSync(path));
}

/** Knot's server binary; installs Debian's `knot` package first when it is absent (as root only). */
export async function ensureKnot(log: (line: string) => void = () => {}): Promise<string> {
  const found = knotd();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error('knotd is not installed and the tests can install it only as root: apt-get install knot');
  log("installing Debian's knot (apt-get) …");
  const install = (): Promise<unknown> => execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'knot'], { env: APT_ENV });
  await install().catch(async () => {
    await execa('apt-get', ['update', '-qq'], { env: APT_ENV });
    await install();
  });
  const installed = knotd();
  if (!installed) throw new Error('apt-get installed knot, but knotd is not in /usr/sbin');
  return installed;
}

/** A port free for both UDP and TCP on 127.0.0.1. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const udp = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    const tcp = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (udp && tcp) return port;
  }
}

function zoneFile({ origin, records }: TestZone): string {
  return [
    `$ORIGIN ${origin}.`,
    '$TTL 300',
    `@ IN SOA ns.${origin}. hostmaster.${origin}. 1 3600 600 86400 300`,
    `@ IN NS ns.${origin}.`,
    'ns IN A 127.0.0.1',
    records,
    '',
  ].join('\n');
}

function knotConfig(dir: string, port: number, zones: readonly TestZone[]): string {
  return [
    'server:',
    `    rundir: "${dir}"`,
    `    listen: 127.0.0.1@${port}`,
    'database:',
    `    storage: "${join(dir, 'db')}"`,
    'log:',
    '  - target: stderr',
    '    any: warning',
    'template:',
    '  - id: default',
    `    storage: "${dir}"`,
    '    file: "%s.zone"',
    '    zonefile-sync: -1',
    '    journal-content: none',
    'zone:',
    ...zones.map((zone) => `  - domain: ${zone.origin}`),
    '',
  ].join('\n');
}

/** Starts knotd on 127.0.0.1 and a free port, and waits until every zone answers. */
export async function startAuthoritativeDns(zones: readonly TestZone[], log: (line: string) => void = () => {}): Promise<AuthoritativeDns> {
  const binary = await ensureKnot(log);
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-knot-'));
  const port = await freePort();
  await Promise.all(zones.map((zone) => writeFile(join(dir, `${zone.origin}.zone`), zoneFile(zone))));
  await writeFile(join(dir, 'knot.conf'), knotConfig(dir, port, zones));
  const child = spawn(binary, ['-c', join(dir, 'knot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const server = `127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  const resolver = createNodeResolver({ server, timeoutMs: 500, tries: 1 });
  const ready = await eventually(
    async () => {
      if (child.exitCode !== null) return true;
      const answers = await Promise.all(zones.map((zone) => resolver.resolve4(`ns.${zone.origin}`)));
      return answers.every((a) => a.kind === 'records');
    },
    15_000,
    100,
  );
  if (!ready || child.exitCode !== null) {
    await stop();
    throw new Error(`knotd did not serve every zone on ${server} (exit ${String(child.exitCode)}):\n${stderr}`);
  }
  return { server, stop };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
