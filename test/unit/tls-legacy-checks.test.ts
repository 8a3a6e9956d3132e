import { describe, expect, it } from 'vitest';
import { checkLegacyProtocols, legacyOutcome } from '../../src/services/tls/checks.js';
import type { LegacyAttempt, LegacyProbe } from '../../src/services/tls/legacy-probe.js';
import { checkEndpoint } from '../../src/services/tls/probe-endpoint.js';
import type { TlsEndpoint } from '../../src/services/tls/probe.js';
import { makeCa, makeCertificate } from '../support/tls-certs.js';

/**
 * The rule over TLS 1.0 and 1.1 offered alone, on attempts recorded from real servers with Node 20.20.2 and its
 * OpenSSL 3.0.19: the testbed's Postfix and Dovecot (DMS's TLS_LEVEL=modern settings), a node:tls server with
 * minVersion TLSv1, and this client told to offer them at OpenSSL security level 3, where it cannot.
 */

const FQDN = 'mail.example.test';
const CLIENT = 'Node 20.20.2, OpenSSL 3.0.19';
const at = (servicePort: number, mode: TlsEndpoint['mode'] = 'implicit'): TlsEndpoint => ({
  host: '127.0.0.1',
  port: 32790,
  mode,
  servername: FQDN,
  servicePort,
});
const probe = (endpoint: TlsEndpoint, ...attempts: LegacyAttempt[]): LegacyProbe => ({ endpoint, client: CLIENT, attempts });

// Recorded: Postfix 25 and Dovecot 995 of the testbed answer both with a protocol_version alert (7 bytes).
const refusedByAlert = (version: 'TLSv1' | 'TLSv1.1'): LegacyAttempt => ({
  version,
  accepted: false,
  stage: 'handshake',
  error: 'tlsv1 alert protocol version',
  code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  serverBytes: 7,
});
// Recorded: node:tls createServer({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }) with an ECDSA certificate.
const accepted = (version: 'TLSv1' | 'TLSv1.1'): LegacyAttempt => ({
  version,
  accepted: true,
  protocol: version,
  cipher: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
});
// Recorded: ciphers 'DEFAULT:@SECLEVEL=3'. OpenSSL builds no ClientHello for TLS 1.0 (it sends only its own alert) …
const cannotOffer: LegacyAttempt = {
  version: 'TLSv1',
  accepted: false,
  stage: 'handshake',
  error: 'no protocols available',
  code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  serverBytes: 0,
};
// … and offers TLS 1.1, but rejects the TLS 1.0-accepting server's answer (its MD5+SHA1 signature).
const rejectsAnswer: LegacyAttempt = {
  version: 'TLSv1.1',
  accepted: false,
  stage: 'handshake',
  error: 'legacy sigalg disallowed or unsupported',
  code: 'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED',
  serverBytes: 629,
};
// Recorded: nothing listens on the port.
const connectRefused = (version: 'TLSv1' | 'TLSv1.1'): LegacyAttempt => ({
  version,
  accepted: false,
  stage: 'connect',
  error: 'connect ECONNREFUSED 127.0.0.1:1',
  code: 'ECONNREFUSED',
  serverBytes: 0,
});

describe('checkLegacyProtocols', () => {
  it('passes a server that answers both with an alert (the testbed, as DMS configures Postfix and Dovecot)', () => {
    expect(checkLegacyProtocols(probe(at(25, 'smtp-starttls'), refusedByAlert('TLSv1'), refusedByAlert('TLSv1.1')))).toEqual({
      id: 'tls.legacy-protocols',
      status: 'pass',
      summary: 'the server refuses TLS 1.0 and TLS 1.1',
      resolver: '127.0.0.1:32790',
    });
  });

  it('warns about a server that accepts them, naming the versions and the setting of the service behind the port', () => {
    const smtps = checkLegacyProtocols(probe(at(465), accepted('TLSv1'), accepted('TLSv1.1')));
    expect(smtps).toMatchObject({
      status: 'warn',
      summary: 'the server accepts TLS 1.0 and TLS 1.1 from a client that offers nothing newer',
    });
    expect(smtps.detail).toContain('DMS refuses both with TLS_LEVEL=modern (the default) or intermediate');
    expect(smtps.detail).toContain(
      'Postfix (main.cf): smtpd_tls_protocols and smtpd_tls_mandatory_protocols = !SSLv2,!SSLv3,!TLSv1,!TLSv1.1',
    );
    expect(smtps.detail).not.toContain('ssl_min_protocol');
    for (const endpoint of [at(995), at(110, 'pop3-starttls'), at(143, 'imap-starttls')]) {
      const detail = checkLegacyProtocols(probe(endpoint, accepted('TLSv1'), accepted('TLSv1.1'))).detail;
      expect(detail).toContain('Dovecot (10-ssl.conf): ssl_min_protocol = TLSv1.2');
      expect(detail).not.toContain('smtpd_tls_protocols');
    }
    const unknownService = checkLegacyProtocols(probe({ ...at(465), servicePort: undefined, port: 10465 }, accepted('TLSv1')));
    expect(unknownService.detail).toMatch(/Postfix \(main\.cf\).*\nDovecot \(10-ssl\.conf\)/);
  });

  it('names only the version accepted', () => {
    expect(checkLegacyProtocols(probe(at(993), refusedByAlert('TLSv1'), accepted('TLSv1.1')))).toMatchObject({
      status: 'warn',
      summary: 'the server accepts TLS 1.1 from a client that offers nothing newer',
    });
  });

  it('is unknown, never a pass, when this client cannot offer TLS 1.0, even if the server refuses TLS 1.1', () => {
    expect(checkLegacyProtocols(probe(at(25, 'smtp-starttls'), cannotOffer, refusedByAlert('TLSv1.1')))).toEqual({
      id: 'tls.legacy-protocols',
      status: 'unknown',
      summary: `TLS 1.0 not tested: this client (${CLIENT}) refuses it itself`,
      detail: 'TLS 1.0: no protocols available (ERR_SSL_NO_PROTOCOLS_AVAILABLE)\nrun the check where OpenSSL still speaks TLS 1.0',
      resolver: '127.0.0.1:32790',
    });
  });

  it('is unknown when this client rejects the server’s answer in the old version: the server went along', () => {
    expect(checkLegacyProtocols(probe(at(465), cannotOffer, rejectsAnswer))).toMatchObject({
      status: 'unknown',
      summary: `TLS 1.0 and TLS 1.1 not tested: this client (${CLIENT}) refuses them itself`,
      detail: expect.stringContaining('TLS 1.1: legacy sigalg disallowed or unsupported (ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED)'),
    });
  });

  it('is unknown when no handshake took place (port closed, STARTTLS refused, no answer in time)', () => {
    expect(checkLegacyProtocols(probe(at(465), connectRefused('TLSv1'), connectRefused('TLSv1.1')))).toMatchObject({
      status: 'unknown',
      summary: 'TLS 1.0 and TLS 1.1 not tested: the attempt got no answer in TLS',
      detail: 'TLS 1.0: connect ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)\nTLS 1.1: connect ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)',
    });
    const timedOut: LegacyAttempt = {
      version: 'TLSv1',
      accepted: false,
      stage: 'handshake',
      error: 'no answer within 5000 ms',
      code: 'ETIMEDOUT',
      serverBytes: 0,
    };
    expect(checkLegacyProtocols(probe(at(465), timedOut, refusedByAlert('TLSv1.1'))).status).toBe('unknown');
  });

  it('a warning outweighs what could not be tested', () => {
    expect(checkLegacyProtocols(probe(at(465), cannotOffer, accepted('TLSv1.1'))).status).toBe('warn');
  });
});

describe('legacyOutcome: who ended a failed handshake', () => {
  const failed = (code: string | undefined, serverBytes: number): LegacyAttempt => ({
    version: 'TLSv1',
    accepted: false,
    stage: 'handshake',
    error: 'x',
    ...(code === undefined ? {} : { code }),
    serverBytes,
  });

  it('the server: an alert, an answer in another version, or hanging up', () => {
    expect(legacyOutcome(failed('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 7))).toBe('refused');
    expect(legacyOutcome(failed('ERR_SSL_UNSUPPORTED_PROTOCOL', 90))).toBe('refused');
    expect(legacyOutcome(failed('ECONNRESET', 0))).toBe('refused');
    expect(legacyOutcome(failed(undefined, 0))).toBe('refused');
  });

  it('this client: a TLS error before the server sent a byte, or about what it sent', () => {
    expect(legacyOutcome(failed('ERR_SSL_UNSUPPORTED_PROTOCOL', 0))).toBe('client-refused');
    expect(legacyOutcome(failed('ERR_SSL_NO_CIPHERS_AVAILABLE', 0))).toBe('client-refused');
    expect(legacyOutcome(rejectsAnswer)).toBe('client-refused');
  });
});

describe('checkEndpoint', () => {
  const ca = makeCa();
  const leaf = makeCertificate({ names: [FQDN], issuer: ca });
  const legacy = probe(at(995), accepted('TLSv1'), refusedByAlert('TLSv1.1'));

  it('adds the old-versions rule to the rules over what a current client got', () => {
    const results = checkEndpoint(
      { endpoint: at(995), ok: true, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', chain: [Buffer.from(leaf.cert.raw)], legacy },
      { fqdn: FQDN, now: new Date(), trustedCAs: [ca.certPem], withoutSystemRoots: true },
    );
    expect(results.map((r) => `${r.id} ${r.status}`)).toEqual([
      'tls.trust pass',
      'tls.name pass',
      'tls.expiry pass',
      'tls.protocol pass',
      'tls.legacy-protocols warn',
    ]);
  });

  it('leaves it out when a current client could not get through: that failure says it all', () => {
    const results = checkEndpoint(
      { endpoint: at(995), ok: false, stage: 'connect', error: 'connect ECONNREFUSED 127.0.0.1:32790', legacy },
      { fqdn: FQDN, now: new Date() },
    );
    expect(results.map((r) => r.id)).toEqual(['tls.connect']);
  });
});
