import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trustAnchors } from '../../src/services/tls/chain.js';
import { checkTls, describeEndpoint, EXPIRY_WARN_DAYS, type TlsCheckOptions } from '../../src/services/tls/checks.js';
import type { TlsEndpoint, TlsProbe } from '../../src/services/tls/probe.js';
import { byId } from '../support/dns-fixtures.js';
import { daysFromNow, makeCa, makeCertificate, type TestCertificate } from '../support/tls-certs.js';

/** The TLS rules over probe results made of real certificates (made in-process), with no network. */

const FQDN = 'mail.example.test';
const endpoint: TlsEndpoint = { host: '127.0.0.1', port: 32768, mode: 'implicit', servername: FQDN, servicePort: 465 };
const root = makeCa('Test Root');
const intermediate = makeCertificate({ names: ['Test Intermediate'], issuer: root, ca: true });
const leaf = makeCertificate({ names: [FQDN], issuer: intermediate });

function served(chain: TestCertificate[], protocol = 'TLSv1.3'): TlsProbe {
  return { endpoint, ok: true, protocol, cipher: 'TLS_AES_256_GCM_SHA384', chain: chain.map((c) => Buffer.from(c.cert.raw)) };
}

function rules(probe: TlsProbe, options: Partial<TlsCheckOptions> = {}) {
  return byId(checkTls(probe, { fqdn: FQDN, now: new Date(), trustedCAs: [root.certPem], ...options }));
}

describe('tls.trust', () => {
  it('passes a chain that leads to a given root, and names the root', () => {
    expect(rules(served([leaf, intermediate]))['tls.trust']).toMatchObject({
      status: 'pass',
      summary: 'the chain is trusted (root: CN=Test Root)',
    });
  });

  it('fails a chain whose intermediate was not sent', () => {
    expect(rules(served([leaf]))['tls.trust']).toMatchObject({
      status: 'fail',
      summary: `the certificate of CN=${FQDN} is not trusted: its issuer CN=Test Intermediate is neither sent by the server nor a trusted root (incomplete chain, or an unknown CA)`,
    });
  });

  it('fails a chain to a root that is neither given nor among the system roots', () => {
    expect(rules(served([leaf, intermediate]), { trustedCAs: [] })['tls.trust']?.status).toBe('fail');
    expect(rules(served([leaf, intermediate, root]), { trustedCAs: [] })['tls.trust']?.summary).toContain(
      'the chain ends at CN=Test Root, a root nobody trusts',
    );
  });

  it('fails a self-signed certificate, unless it is itself given as trusted', () => {
    const selfSigned = makeCertificate({ names: [FQDN] });
    expect(rules(served([selfSigned]))['tls.trust']?.summary).toContain('is not trusted: the certificate is self-signed');
    expect(rules(served([selfSigned]), { trustedCAs: [selfSigned.certPem] })['tls.trust']?.status).toBe('pass');
  });

  it('fails an expired intermediate and a signer that is no CA certificate', () => {
    const old = makeCertificate({
      names: ['Old Intermediate'],
      issuer: root,
      ca: true,
      notBefore: daysFromNow(-400),
      notAfter: daysFromNow(-5),
    });
    expect(rules(served([makeCertificate({ names: [FQDN], issuer: old }), old]))['tls.trust']?.summary).toContain(
      'the intermediate CN=Old Intermediate is not valid now',
    );
    const notCa = makeCertificate({ names: ['not-a-ca.example.test'], issuer: root });
    expect(rules(served([makeCertificate({ names: [FQDN], issuer: notCa }), notCa]))['tls.trust']?.summary).toContain(
      'CN=not-a-ca.example.test signed a certificate but is no CA certificate',
    );
  });

  it('uses the system roots unless told not to', () => {
    expect(trustAnchors().length).toBeGreaterThan(100);
    expect(trustAnchors([root.certPem], false)).toHaveLength(1);
  });
});

describe('tls.name', () => {
  it('passes the FQDN in subjectAltName, wildcards included', () => {
    expect(rules(served([leaf, intermediate]))['tls.name']).toMatchObject({
      status: 'pass',
      summary: `${FQDN} is among the certificate's names`,
    });
    const wildcard = makeCertificate({ names: ['*.example.test'], issuer: root });
    expect(rules(served([wildcard]))['tls.name']?.status).toBe('pass');
  });

  it('fails another name, and does not fall back to the common name', () => {
    const other = makeCertificate({ names: ['www.example.org'], issuer: root });
    expect(rules(served([other]))['tls.name']).toMatchObject({
      status: 'fail',
      summary: `the certificate is not for ${FQDN}`,
      detail: expect.stringContaining('DNS:www.example.org'),
    });
    const cnOnly = makeCertificate({ names: [FQDN, 'other.example.test'], issuer: root });
    expect(rules(served([cnOnly]), { fqdn: 'other.example.test' })['tls.name']?.status).toBe('pass');
  });
});

describe('tls.expiry', () => {
  const valid = (days: number) => makeCertificate({ names: [FQDN], issuer: root, notAfter: daysFromNow(days) });

  it(`passes more than ${EXPIRY_WARN_DAYS} days, warns below, fails when expired or not yet valid`, () => {
    expect(rules(served([valid(60)]))['tls.expiry']).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(/^the certificate is valid for 59 more days \(until \d{4}-\d\d-\d\d\)$/),
    });
    expect(rules(served([valid(10)]))['tls.expiry']).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/^the certificate expires in 9 days/),
      detail: 'renew it now',
    });
    const expired = makeCertificate({ names: [FQDN], issuer: root, notBefore: daysFromNow(-90), notAfter: daysFromNow(-3) });
    expect(rules(served([expired]))['tls.expiry']).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/expired on \d{4}-\d\d-\d\d \(3 days ago\)$/),
    });
    const future = makeCertificate({ names: [FQDN], issuer: root, notBefore: daysFromNow(2) });
    expect(rules(served([future]))['tls.expiry']?.summary).toMatch(/^the certificate is not valid before /);
  });

  it('counts from the given time', () => {
    expect(rules(served([valid(60)]), { now: daysFromNow(61) })['tls.expiry']?.status).toBe('fail');
  });
});

describe('tls.protocol, tls.key and a failed probe', () => {
  it('passes TLS 1.2 and 1.3, fails older ones', () => {
    expect(rules(served([leaf, intermediate], 'TLSv1.2'))['tls.protocol']).toMatchObject({
      status: 'pass',
      summary: 'TLSv1.2 with TLS_AES_256_GCM_SHA384',
    });
    expect(rules(served([leaf, intermediate], 'TLSv1.1'))['tls.protocol']).toMatchObject({
      status: 'fail',
      summary: 'the server chose TLSv1.1: TLS 1.2 or newer is required',
    });
  });

  it('compares the served key with the configured one (private or public PEM)', () => {
    const publicPem = createPublicKey(leaf.keyPem).export({ type: 'spki', format: 'pem' }).toString();
    expect(rules(served([leaf]), { key: { pem: leaf.keyPem, file: 'privkey.pem' } })['tls.key']?.status).toBe('pass');
    expect(rules(served([leaf]), { key: { pem: publicPem, file: 'privkey.pem' } })['tls.key']?.status).toBe('pass');
    expect(rules(served([leaf]), { key: { pem: root.keyPem, file: 'privkey.pem' } })['tls.key']).toMatchObject({
      status: 'fail',
      summary: 'the certificate served is not the one of the key privkey.pem',
    });
    expect(rules(served([leaf]), { key: { pem: 'not a key', file: 'privkey.pem' } })['tls.key']?.status).toBe('unknown');
    expect(rules(served([leaf]))['tls.key']).toBeUndefined();
  });

  it('reports a probe that failed as one failure naming the port and the stage', () => {
    const results = checkTls(
      { endpoint, ok: false, stage: 'starttls', error: 'the server does not offer STARTTLS' },
      { fqdn: FQDN, now: new Date() },
    );
    expect(results).toEqual([
      {
        id: 'tls.connect',
        status: 'fail',
        summary: 'port 465 (implicit TLS) at 127.0.0.1:32768: STARTTLS failed',
        detail: 'the server does not offer STARTTLS',
        resolver: '127.0.0.1:32768',
      },
    ]);
    expect(describeEndpoint({ ...endpoint, host: '::1', mode: 'smtp-starttls', servicePort: 587 })).toBe(
      'port 587 (SMTP STARTTLS) at [::1]:32768',
    );
    expect(describeEndpoint({ ...endpoint, mode: 'pop3-starttls', servicePort: 110 })).toBe('port 110 (POP3 STARTTLS) at 127.0.0.1:32768');
  });
});
