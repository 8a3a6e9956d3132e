import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { requireEnvironment } from '../support/testbed.js';
import { makeCa, makeCertificate, type TestCertificate } from '../support/tls-certs.js';

/**
 * Docker contexts as the docker CLI keeps them, for real: a context whose endpoint is tcp://localhost:PORT with TLS
 * (client certificate, CA) in front of this machine's engine — a TLS server of the test that checks the client's
 * certificate and forwards to the engine's socket. mailwiz must reach the engine through it when the context is
 * chosen by --context, DOCKER_CONTEXT or the config's current context, and not when DOCKER_HOST is set.
 */

const SOCKET = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : '/var/run/docker.sock';
let proxy: Server;
/** Takes connections and never answers: an engine that hangs. */
let silent: Server;
let port: number;
let dockerConfig: string;
/** Closed at the end: a server's close waits for its connections. */
const openSockets = new Set<Socket>();
/** The client certificates' common names, one per connection the proxy took. */
const clients: string[] = [];

async function writeContext(config: string, name: string, host: string, tls: { ca: TestCertificate; client: TestCertificate }): Promise<void> {
  const id = createHash('sha256').update(name).digest('hex');
  await mkdir(join(config, 'contexts', 'meta', id), { recursive: true });
  await writeFile(join(config, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  const tlsDir = join(config, 'contexts', 'tls', id, 'docker');
  await mkdir(tlsDir, { recursive: true });
  await writeFile(join(tlsDir, 'ca.pem'), tls.ca.certPem);
  await writeFile(join(tlsDir, 'cert.pem'), tls.client.certPem);
  await writeFile(join(tlsDir, 'key.pem'), tls.client.keyPem, { mode: 0o600 });
}

beforeAll(async () => {
  requireEnvironment();
  const ca = makeCa('context test CA');
  const server = makeCertificate({ names: ['localhost'], issuer: ca });
  proxy = createTlsServer({ key: server.keyPem, cert: server.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (socket: TLSSocket) => {
    clients.push(String(socket.getPeerCertificate().subject?.CN ?? ''));
    const engine = connect(SOCKET);
    openSockets.add(socket).add(engine);
    socket.pipe(engine).pipe(socket);
    engine.on('error', () => socket.destroy());
    socket.on('error', () => engine.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  port = (proxy.address() as { port: number }).port;
  dockerConfig = await mkdtemp(join(tmpdir(), 'mailwiz-docker-config-'));
  await writeContext(dockerConfig, 'remote', `tcp://localhost:${port}`, { ca, client: makeCertificate({ names: ['mailwiz-client'], issuer: ca }) });
  silent = createServer((socket) => void openSockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as { port: number }).port;
  const silentId = createHash('sha256').update('silent').digest('hex');
  await mkdir(join(dockerConfig, 'contexts', 'meta', silentId), { recursive: true });
  await writeFile(join(dockerConfig, 'contexts', 'meta', silentId, 'meta.json'), JSON.stringify({ Name: 'silent', Endpoints: { docker: { Host: `tcp://127.0.0.1:${silentPort}` } } }));
  const stranger = makeCa('another CA');
  await writeContext(dockerConfig, 'untrusted', `tcp://localhost:${port}`, { ca, client: makeCertificate({ names: ['stranger'], issuer: stranger }) });
}, 60_000);

afterAll(async () => {
  for (const socket of openSockets) socket.destroy();
  await new Promise((resolve) => proxy?.close(resolve));
  await new Promise((resolve) => silent?.close(resolve));
});

const status = (args: string[], env: Record<string, string>) => runCli([...args, 'status', '--json'], { env: { DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_CONFIG: dockerConfig, ...env } });

describe('Docker contexts', () => {
  it('--context NAME: the engine through the context endpoint, with its TLS client certificate', async () => {
    const before = clients.length;
    const result = await status(['--context', 'remote'], {});
    expect(result.exitCode === 0 || result.exitCode === 1, result.stderr).toBe(true);
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
    expect(clients.slice(before).length).toBeGreaterThan(0);
    expect(new Set(clients.slice(before))).toEqual(new Set(['mailwiz-client']));
  });

  it("DOCKER_CONTEXT, then the config's current context; DOCKER_HOST wins over both", async () => {
    let before = clients.length;
    expect((await status([], { DOCKER_CONTEXT: 'remote' })).stdout).toMatch(/^\[/);
    expect(clients.length).toBeGreaterThan(before);

    await writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'remote' }));
    before = clients.length;
    expect((await status([], {})).stdout).toMatch(/^\[/);
    expect(clients.length).toBeGreaterThan(before);

    before = clients.length;
    expect((await status([], { DOCKER_HOST: `unix://${SOCKET}` })).stdout).toMatch(/^\[/);
    expect(clients.length).toBe(before);
    await writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ auths: {} }));
  });

  it('a context that does not exist, and one whose certificate the engine refuses, are said in one line', async () => {
    const missing = await status(['--context', 'nope'], {});
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/^mailwiz: There is no Docker context "nope" \(docker context ls lists them; .*meta\.json is missing\)\n$/);
    const refused = await status(['--context', 'untrusted'], {});
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^mailwiz: Cannot reach the Docker engine at context untrusted \\(tcp://localhost:${port}\\) \\(`));
  });

  it('status --all-contexts: every context at once, an engine that does not answer shown as unreachable', async () => {
    const result = await runCli(['status', '--all-contexts', '--json'], { env: { DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_CONFIG: dockerConfig } });
    expect(result.exitCode).toBe(1);
    const contexts = JSON.parse(result.stdout) as { context: string; engine: string; reachable: boolean; error?: string; stacks: unknown[] }[];
    expect(contexts.map((c) => `${c.context} ${c.reachable}`)).toEqual(['default true', 'remote true', 'silent false', 'untrusted false']);
    expect(contexts[1]?.engine).toBe(`context remote (tcp://localhost:${port})`);
    expect(contexts[1]?.stacks).toEqual(contexts[0]?.stacks);
    expect(contexts[2]?.error).toMatch(/^Cannot reach the Docker engine at context silent .*\(ETIMEDOUT\)/);
    const text = await runCli(['status', '--all-contexts'], { env: { DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_CONFIG: dockerConfig } });
    expect(text.stdout).toMatch(/^context +silent +context silent \(tcp:\/\/127\.0\.0\.1:\d+\)\n {2}unreachable: Cannot reach/m);
  });
});
