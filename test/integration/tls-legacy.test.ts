import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createSecureContext, createServer as createTlsServer, TLSSocket, type SecureVersion, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsEndpoints } from '../../src/services/check/endpoints.js';
import { checkLegacyProtocols, checkTls } from '../../src/services/tls/checks.js';
import { probeLegacyProtocols } from '../../src/services/tls/legacy-probe.js';
import { checkEndpoint, probeEndpoint } from '../../src/services/tls/probe-endpoint.js';
import { probeTls, type TlsEndpoint } from '../../src/services/tls/probe.js';
import { byId } from '../support/dns-fixtures.js';
import { eventually } from '../support/eventually.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';
import { makeCa, makeCertificate } from '../support/tls-certs.js';

/**
 * POP3 (995 implicit TLS, 110 STLS) probed and its certificate judged on a real testbed; TLS 1.0 and 1.1 offered
 * alone: refused by the testbed's Postfix and Dovecot as DMS configures them, accepted by servers made here to accept
 * them (node:tls with minVersion TLSv1, implicit and behind POP3 STLS), and not testable by a client whose OpenSSL
 * will not offer them.
 */

const FQDN = `mail.${TEST_DOMAIN}`;
const ca = makeCa();
const cert = makeCertificate({ names: [FQDN], issuer: ca });
const getTestbed = useTestbed({
  accounts: [{ address: `alice@${TEST_DOMAIN}`, password: 'secret123' }],
  env: {
    SSL_TYPE: 'manual',
    SSL_CERT_PATH: '/tmp/docker-mailserver/cert.pem',
    SSL_KEY_PATH: '/tmp/docker-mailserver/key.pem',
    ENABLE_POP3: '1',
  },
  files: { 'cert.pem': cert.certPem, 'key.pem': cert.keyPem },
});
const OLD_SERVER_OPTIONS = { key: cert.keyPem, cert: cert.certPem, ciphers: 'DEFAULT@SECLEVEL=0' };
const started: (TlsServer | TcpServer)[] = [];
const openSockets = new Set<Socket>();

let endpoints: TlsEndpoint[];

beforeAll(async () => {
  endpoints = tlsEndpoints((await getTestbed().target.info()).ports, FQDN);
  // Postfix and Dovecot may still be starting when the readiness line is logged.
  for (const endpoint of endpoints) await eventually(async () => (await probeTls(endpoint, { timeoutMs: 2000 })).ok, 20_000, 250);
}, 120_000);

afterAll(async () => {
  for (const socket of openSockets) socket.destroy();
  await Promise.all(started.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The port on 127.0.0.1 where `server` now listens. */
async function listening(server: TlsServer | TcpServer): Promise<number> {
  started.push(server);
  server.on('connection', (socket: Socket) => openSockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Implicit TLS from TLS `minVersion` on, as a badly configured server would. */
function oldTlsServer(minVersion: SecureVersion) {
  const server = createTlsServer({ ...OLD_SERVER_OPTIONS, minVersion }, (socket) => socket.end());
  server.on('tlsClientError', () => undefined);
  return listening(server);
}

/** POP3 with STLS (RFC 2595), then TLS from 1.0 on. */
function oldPop3Server() {
  const context = createSecureContext({ ...OLD_SERVER_OPTIONS, minVersion: 'TLSv1' });
  const server = createTcpServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('+OK old POP3 ready.\r\n');
    socket.once('data', (line) => {
      if (line.toString() !== 'STLS\r\n') return void socket.end('-ERR expected STLS\r\n');
      socket.write('+OK Begin TLS negotiation now.\r\n');
      const secure = new TLSSocket(socket, { isServer: true, secureContext: context });
      secure.on('error', () => undefined);
      secure.on('end', () => secure.end());
      secure.resume();
    });
  });
  return listening(server);
}

const local = (port: number, servicePort: number, mode: TlsEndpoint['mode'] = 'implicit'): TlsEndpoint => ({
  host: '127.0.0.1',
  port,
  mode,
  servername: FQDN,
  servicePort,
});

describe('POP3 on the testbed (ENABLE_POP3=1)', () => {
  it('finds 995 and 110 among the published ports, where the engine publishes them', () => {
    const testbed = getTestbed();
    expect(endpoints.map((e) => `${e.servicePort} ${e.mode}`)).toEqual([
      '25 smtp-starttls',
      '465 implicit',
      '587 smtp-starttls',
      '993 implicit',
      '995 implicit',
      '143 imap-starttls',
      '110 pop3-starttls',
    ]);
    expect(endpoints.find((e) => e.servicePort === 995)).toEqual(local(testbed.port(995), 995));
    expect(endpoints.find((e) => e.servicePort === 110)).toEqual(local(testbed.port(110), 110, 'pop3-starttls'));
  });

  it('gets the configured certificate on 995 and through STLS on 110, and it passes every rule', async () => {
    for (const servicePort of [995, 110]) {
      const endpoint = endpoints.find((e) => e.servicePort === servicePort)!;
      const probed = await probeEndpoint(endpoint, { timeoutMs: 5000 });
      expect(probed.ok && probed.chain[0]?.equals(cert.cert.raw), `port ${servicePort}`).toBe(true);
      const options = { fqdn: FQDN, now: new Date(), trustedCAs: [ca.certPem], key: { pem: cert.keyPem, file: 'key.pem' } };
      const results = checkEndpoint(probed, options);
      expect(results.map((r) => `${r.id} ${r.status}`), `port ${servicePort}`).toEqual([
        'tls.trust pass',
        'tls.name pass',
        'tls.expiry pass',
        'tls.protocol pass',
        'tls.key pass',
        'tls.legacy-protocols pass',
      ]);
    }
  });

  it('fails the trust rule on 995 and 110 without the CA that signed the certificate', async () => {
    for (const servicePort of [995, 110]) {
      const probe = await probeTls(endpoints.find((e) => e.servicePort === servicePort)!, { timeoutMs: 5000 });
      const results = byId(checkTls(probe, { fqdn: FQDN, now: new Date(), trustedCAs: [] }));
      expect(results['tls.trust'], `port ${servicePort}`).toMatchObject({
        status: 'fail',
        summary: expect.stringContaining('CN=mailwiz test CA'),
      });
      expect(results['tls.name']?.status, `port ${servicePort}`).toBe('pass');
    }
  });
});

describe('TLS 1.0 and 1.1 offered alone', () => {
  it('the testbed refuses both on every port, with a protocol_version alert', async () => {
    for (const endpoint of endpoints) {
      const legacy = await probeLegacyProtocols(endpoint, { timeoutMs: 5000 });
      expect(
        legacy.attempts.map((a) => `${a.version} ${a.accepted ? 'accepted' : a.code}`),
        `port ${endpoint.servicePort}`,
      ).toEqual(['TLSv1 ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'TLSv1.1 ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION']);
      expect(checkLegacyProtocols(legacy), `port ${endpoint.servicePort}`).toMatchObject({
        status: 'pass',
        summary: 'the server refuses TLS 1.0 and TLS 1.1',
      });
    }
  });

  it('a server that accepts TLS 1.0 is warned about, though a current client gets TLS 1.3 there', async () => {
    const port = await oldTlsServer('TLSv1');
    const probed = await probeEndpoint(local(port, 993), { timeoutMs: 5000 });
    expect(probed.legacy.attempts).toEqual([
      { version: 'TLSv1', accepted: true, protocol: 'TLSv1', cipher: expect.any(String) },
      { version: 'TLSv1.1', accepted: true, protocol: 'TLSv1.1', cipher: expect.any(String) },
    ]);
    const results = byId(checkEndpoint(probed, { fqdn: FQDN, now: new Date(), trustedCAs: [ca.certPem] }));
    expect(results['tls.protocol']).toMatchObject({ status: 'pass', summary: expect.stringMatching(/^TLSv1\.3 with /) });
    expect(results['tls.legacy-protocols']).toMatchObject({
      status: 'warn',
      summary: 'the server accepts TLS 1.0 and TLS 1.1 from a client that offers nothing newer',
      detail: expect.stringContaining('Dovecot (10-ssl.conf): ssl_min_protocol = TLSv1.2'),
    });
  });

  it('names only TLS 1.1 on a server that accepts 1.1 but not 1.0', async () => {
    const port = await oldTlsServer('TLSv1.1');
    const legacy = await probeLegacyProtocols(local(port, 465), { timeoutMs: 5000 });
    expect(legacy.attempts.map((a) => `${a.version} ${a.accepted}`)).toEqual(['TLSv1 false', 'TLSv1.1 true']);
    expect(checkLegacyProtocols(legacy)).toMatchObject({
      status: 'warn',
      summary: 'the server accepts TLS 1.1 from a client that offers nothing newer',
      detail: expect.stringContaining('smtpd_tls_protocols'),
    });
  });

  it('offers them after POP3 STLS too', async () => {
    const port = await oldPop3Server();
    const legacy = await probeLegacyProtocols(local(port, 110, 'pop3-starttls'), { timeoutMs: 5000 });
    expect(legacy.attempts.map((a) => `${a.version} ${a.accepted ? a.protocol : a.error}`)).toEqual(['TLSv1 TLSv1', 'TLSv1.1 TLSv1.1']);
    expect(checkLegacyProtocols(legacy).status).toBe('warn');
  });

  it('is unknown, not a pass, when this client’s OpenSSL will not offer TLS 1.0 (security level 3)', async () => {
    const strict = { timeoutMs: 5000, ciphers: 'DEFAULT:@SECLEVEL=3' };
    const port = await oldTlsServer('TLSv1');
    const againstOld = await probeLegacyProtocols(local(port, 465), strict);
    expect(againstOld.attempts[0]).toMatchObject({
      version: 'TLSv1',
      accepted: false,
      code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
      serverBytes: 0,
    });
    expect(checkLegacyProtocols(againstOld)).toMatchObject({
      status: 'unknown',
      summary: `TLS 1.0 and TLS 1.1 not tested: this client (${againstOld.client}) refuses them itself`,
    });
    const againstTestbed = await probeLegacyProtocols(endpoints.find((e) => e.servicePort === 25)!, strict);
    expect(againstTestbed.attempts.map((a) => (a.accepted ? 'accepted' : a.code))).toEqual([
      'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
      'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    ]);
    expect(checkLegacyProtocols(againstTestbed)).toMatchObject({
      status: 'unknown',
      summary: `TLS 1.0 not tested: this client (${againstTestbed.client}) refuses it itself`,
    });
  });
});
