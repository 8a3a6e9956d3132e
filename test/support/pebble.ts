import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { fetchUrl } from '../../src/services/tls/acme-http.js';
import { eventually } from './eventually.js';
import { makeCa, makeCertificate } from './tls-certs.js';

/**
 * Let's Encrypt's test ACME server (Debian's `pebble`) on loopback. Its validation authority resolves names through
 * the DNS server the test gives (Knot on loopback) and fetches http-01 answers from `challengePort` there.
 */

export interface Pebble {
  directoryUrl: string;
  /** The CA of pebble's own HTTPS listener (a throwaway test CA). */
  listenerCa: string;
  /** The port pebble's validation authority connects to for http-01: run the challenge server there. */
  challengePort: number;
  /** The root that signs the certificates pebble issues (new at every start). */
  issuingRoot(): Promise<string>;
  stop(): Promise<void>;
}

const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };

/** A Debian package's binary; installs the package first when it is absent (as root only). */
export async function ensureDebianBinary(pkg: string, binary: string, log: (line: string) => void = () => {}): Promise<string> {
  if (existsSync(binary)) return binary;
  if (process.getuid?.() !== 0) throw new Error(`${binary} is missing and only root can install it: apt-get install ${pkg}`);
  log(`installing Debian's ${pkg} (apt-get) …`);
  const install = ['install', '-y', '-qq', '--no-install-recommends', pkg];
  const installed = await execa('apt-get', install, { env: APT_ENV, reject: false });
  if (installed.exitCode !== 0) {
    await execa('apt-get', ['update', '-qq'], { env: APT_ENV });
    await execa('apt-get', install, { env: APT_ENV });
  }
  if (!existsSync(binary)) throw new Error(`apt-get installed ${pkg}, but there is no ${binary}`);
  return binary;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPebble(dnsServer: string, log: (line: string) => void = () => {}): Promise<Pebble> {
  const binary = await ensureDebianBinary('pebble', '/usr/bin/pebble', log);
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-pebble-'));
  const ca = makeCa('pebble listener test CA');
  const listener = makeCertificate({ names: ['127.0.0.1', 'localhost'], issuer: ca });
  await writeFile(join(dir, 'cert.pem'), listener.certPem);
  await writeFile(join(dir, 'key.pem'), listener.keyPem);
  const [apiPort, managementPort, challengePort, tlsPort] = [
    await freeTcpPort(),
    await freeTcpPort(),
    await freeTcpPort(),
    await freeTcpPort(),
  ];
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${apiPort}`,
      managementListenAddress: `127.0.0.1:${managementPort}`,
      certificate: join(dir, 'cert.pem'),
      privateKey: join(dir, 'key.pem'),
      httpPort: challengePort,
      tlsPort,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
    },
  };
  await writeFile(join(dir, 'pebble.json'), JSON.stringify(config));
  const child = spawn(binary, ['-config', join(dir, 'pebble.json'), '-dnsserver', dnsServer], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Pebble reuses a valid authorization half of the time by default: every order must meet its own challenge.
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_AUTHZREUSE: '0' },
  });
  let output = '';
  const collect = (chunk: Buffer): void => void (output += chunk.toString());
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const directoryUrl = `https://127.0.0.1:${apiPort}/dir`;
  const get = (url: string) => fetchUrl(url, { method: 'GET', ca: ca.certPem, timeoutMs: 2000 });
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  const up = await eventually(async () => child.exitCode !== null || (await get(directoryUrl)).status === 200, 15_000, 100);
  if (!up || child.exitCode !== null) {
    await stop();
    throw new Error(`pebble did not start on 127.0.0.1:${apiPort}:\n${output}`);
  }
  return {
    directoryUrl,
    listenerCa: ca.certPem,
    challengePort,
    issuingRoot: async () => (await get(`https://127.0.0.1:${managementPort}/roots/0`)).body.toString('utf8'),
    stop,
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
