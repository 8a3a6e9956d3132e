import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { createNodeResolver } from '../../src/services/dns/resolver.js';
import { eventually } from './eventually.js';
import { ensureDebianBinary } from './pebble.js';

/**
 * A real authoritative DNS server (Debian's Knot) on a loopback port, serving zones a test writes, signed by Knot
 * itself on request; and a real validating resolver (Debian's Unbound) in front of it, trusting chosen zones' keys.
 */

export interface TestZone {
  /** The zone's apex, e.g. `good.test`. */
  origin: string;
  /** Records to serve, zone-file syntax (absolute names, or relative to the origin); SOA, NS and `ns` A are added. */
  records: string;
  /** Knot signs the zone with keys of its own (`dnssec-signing: on`). */
  signed?: boolean;
}

export interface AuthoritativeDns {
  /** `127.0.0.1:PORT`, for `--resolver` / `createNodeResolver({server})`. */
  server: string;
  origins: string[];
  /** The DS records of a signed zone, as its parent would publish them (zone-file lines). */
  dsRecords(origin: string): Promise<string[]>;
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
    ...zones.flatMap((zone) => [`  - domain: ${zone.origin}`, ...(zone.signed ? ['    dnssec-signing: on'] : [])]),
    '',
  ].join('\n');
}

/** Starts knotd on 127.0.0.1 and a free port, and waits until every zone answers. */
export async function startAuthoritativeDns(zones: readonly TestZone[], log: (line: string) => void = () => {}): Promise<AuthoritativeDns> {
  const binary = await ensureKnot(log);
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-knot-'));
  const port = await freePort();
  const config = join(dir, 'knot.conf');
  await mkdir(join(dir, 'db'));
  await Promise.all(zones.map((zone) => writeFile(join(dir, `${zone.origin}.zone`), zoneFile(zone))));
  await writeFile(config, knotConfig(dir, port, zones));
  const server = `127.0.0.1:${port}`;
  const resolver = createNodeResolver({ server, timeoutMs: 500, tries: 1 });
  const stop = await startDaemon(`knotd did not serve every zone on ${server}`, binary, ['-c', config], dir, async () => {
    const answers = await Promise.all(zones.map((zone) => resolver.resolve4(`ns.${zone.origin}`)));
    const signatures = await Promise.all(zones.filter((zone) => zone.signed).map((zone) => resolver.dnssec(zone.origin)));
    return answers.every((a) => a.kind === 'records') && signatures.every((s) => s.kind === 'status' && s.signed);
  });
  const dsRecords = async (origin: string): Promise<string[]> => {
    const { stdout } = await execa(join(dirname(binary), 'keymgr'), ['-c', config, origin, 'ds']);
    return stdout.split('\n').filter((line) => / DS /.test(line));
  };
  return { server, origins: zones.map((zone) => zone.origin), dsRecords, stop };
}

export interface ValidatingResolver {
  /** `127.0.0.1:PORT`. */
  server: string;
  stop(): Promise<void>;
}

/**
 * Unbound on 127.0.0.1 and a free port, validating DNSSEC: it asks only the Knot server (for every name, the root
 * included, so nothing leaves the machine) and trusts the keys of the `anchors` zones, as if their parents published
 * their DS records. A signed zone without an anchor is "signed but not validated", like one whose DS is missing.
 */
export async function startValidatingResolver(
  authoritative: AuthoritativeDns,
  anchors: readonly string[],
  log: (line: string) => void = () => {},
): Promise<ValidatingResolver> {
  const binary = await ensureDebianBinary('unbound', '/usr/sbin/unbound', log);
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-unbound-'));
  const port = await freePort();
  const knot = authoritative.server.replace(':', '@');
  const trust = (await Promise.all(anchors.map((origin) => authoritative.dsRecords(origin)))).flat();
  const config = [
    'server:',
    `    directory: "${dir}"`,
    '    username: ""',
    '    chroot: ""',
    '    pidfile: ""',
    '    do-daemonize: no',
    '    use-syslog: no',
    '    logfile: ""',
    '    verbosity: 0',
    `    interface: 127.0.0.1@${port}`,
    `    port: ${port}`,
    '    do-ip6: no',
    '    do-not-query-localhost: no',
    '    access-control: 127.0.0.0/8 allow',
    '    module-config: "validator iterator"',
    '    qname-minimisation: no',
    // .test is one of the special-use names Unbound answers itself (NXDOMAIN) unless told not to.
    '    local-zone: "test." nodefault',
    ...trust.map((ds) => `    trust-anchor: "${ds}"`),
    ...['.', ...authoritative.origins].flatMap((name) => ['stub-zone:', `    name: "${name}"`, `    stub-addr: ${knot}`]),
    '',
  ].join('\n');
  await writeFile(join(dir, 'unbound.conf'), config);
  const server = `127.0.0.1:${port}`;
  const resolver = createNodeResolver({ server, timeoutMs: 500, tries: 1 });
  const stop = await startDaemon(
    `unbound did not answer on ${server}`,
    binary,
    ['-d', '-c', join(dir, 'unbound.conf')],
    dir,
    async () => (await resolver.resolve4(`ns.${authoritative.origins[0] ?? ''}`)).kind === 'records',
  );
  return { server, stop };
}

/**
 * Runs a daemon of the test's until `ready` says it serves; its folder goes when it is stopped. When it does not come
 * up, it is stopped and the error says `failure` with its exit status and what it wrote to stderr.
 */
async function startDaemon(failure: string, binary: string, args: string[], dir: string, ready: () => Promise<boolean>): Promise<() => Promise<void>> {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  const up = await eventually(async () => child.exitCode !== null || (await ready()), 15_000, 100);
  if (!up || child.exitCode !== null) {
    await stop();
    throw new Error(`${failure} (exit ${String(child.exitCode)}):\n${stderr}`);
  }
  return stop;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
