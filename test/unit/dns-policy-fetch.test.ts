import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsPolicyFetcher, MAX_POLICY_BYTES } from '../../src/services/dns/policy-fetch.js';
import { RecordedResolver } from '../../src/services/dns/recorded-resolver.js';

/** The HTTPS policy fetcher against a local server with a self-signed certificate for 127.0.0.1 (loopback only). */

const POLICY = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n';
let dir: string;
let server: Server;
let cert: string;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailwiz-sts-'));
  const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:mta-sts.example.test',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  cert = await readFile(certFile, 'utf8');
  server = createServer({ key: await readFile(keyFile), cert }, (request, response) => {
    const routes: Record<string, () => void> = {
      '/policy': () => response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(POLICY),
      '/moved': () => response.writeHead(301, { location: 'https://elsewhere.example/' }).end(),
      '/html': () => response.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'),
      '/huge': () => response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(MAX_POLICY_BYTES + 1)),
      '/slow': () => undefined,
    };
    (routes[request.url ?? ''] ?? (() => response.writeHead(404).end()))();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('httpsPolicyFetcher', () => {
  const fetchPolicy = (): ReturnType<typeof httpsPolicyFetcher> => httpsPolicyFetcher({ ca: cert, timeoutMs: 500 });

  it('returns the policy served as text/plain with HTTP 200', async () => {
    expect(await fetchPolicy()(`${base}/policy`)).toBe(POLICY);
  });

  it('refuses a certificate the system does not trust', async () => {
    await expect(httpsPolicyFetcher({ timeoutMs: 2000 })(`${base}/policy`)).rejects.toThrow(/self.signed certificate/);
  });

  it.each([
    ['/moved', 'redirects to https://elsewhere.example/, and senders do not follow redirects'],
    ['/missing', 'answered HTTP 404'],
    ['/html', 'is served as text/html, not text/plain'],
    ['/huge', `the policy is larger than ${MAX_POLICY_BYTES} bytes`],
    ['/slow', 'no answer within 500 ms'],
  ])('rejects %s', async (path, message) => {
    await expect(fetchPolicy()(`${base}${path}`)).rejects.toThrow(`${base}${path}: ${message}`);
  });

  it('finds the policy host through the resolver the checks use, not the system\'s', async () => {
    const port = new URL(base).port;
    const url = `https://mta-sts.example.test:${port}/policy`;
    const resolver = new RecordedResolver({ 'mta-sts.example.test': { A: ['127.0.0.1'] } }, '127.0.0.1:5353');
    expect(await httpsPolicyFetcher({ ca: cert, timeoutMs: 2000, resolver })(url)).toBe(POLICY);
    expect(resolver.queries).toContain('A mta-sts.example.test');
    const empty = new RecordedResolver({}, '127.0.0.1:5353');
    await expect(httpsPolicyFetcher({ ca: cert, timeoutMs: 2000, resolver: empty })(url)).rejects.toThrow(
      /mta-sts\.example\.test has no address \(asked 127\.0\.0\.1:5353\)/,
    );
  });

  it('fetches over HTTPS only', async () => {
    await expect(fetchPolicy()('http://127.0.0.1/policy')).rejects.toThrow('MTA-STS policies are served over HTTPS only');
  });
});
