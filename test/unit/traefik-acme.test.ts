import { describe, expect, it } from 'vitest';
import {
  AcmeJsonError,
  parseAcmeJson,
  pickAcmeCertificate,
  readAcmeStore,
  type AcmeCertificate,
  type AcmeStore,
} from '../../src/dms/traefik-acme.js';
import { daysFromNow, makeCa, makeCertificate, type TestCertificate } from '../support/tls-certs.js';

/**
 * Traefik's acme.json as Traefik v2/v3 (and v1) write it, with real certificates, and the certificate DMS extracts
 * from it for [SSL_DOMAIN, HOSTNAME, DOMAINNAME].
 */

const ca = makeCa('Fake LE Intermediate X1');
const issue = (names: string[], notAfterDays = 80): TestCertificate =>
  makeCertificate({ names, issuer: ca, notBefore: daysFromNow(-10), notAfter: daysFromNow(notAfterDays) });
const mail = issue(['mail.example.com']);
const wildcard = issue(['*.example.com', 'example.com'], 60);
const web = issue(['www.example.org', 'example.org']);

const b64 = (text: string): string => Buffer.from(text).toString('base64');
/** What Traefik stores: the chain (leaf then issuer) and the key, each base64 of the PEM text. */
const entry = (main: string, cert: TestCertificate, sans?: string[]) => ({
  domain: { main, ...(sans ? { sans } : {}) },
  certificate: b64(cert.certPem + ca.certPem),
  key: b64(cert.keyPem),
  Store: 'default',
});
const account = {
  Email: 'admin@example.com',
  Registration: {
    body: { status: 'valid', contact: ['mailto:admin@example.com'] },
    uri: 'https://acme-v02.api.letsencrypt.org/acme/acct/1234567890',
  },
  PrivateKey: b64('account key DER'),
  KeyType: '4096',
};
/** Traefik writes it with json.MarshalIndent(…, "", "  "). */
const json = (data: unknown): string => JSON.stringify(data, null, 2);

const v2 = json({
  letsencrypt: { Account: account, Certificates: [entry('www.example.org', web, ['example.org']), entry('mail.example.com', mail)] },
  dnschallenge: { Account: account, Certificates: [entry('*.example.com', wildcard, ['example.com'])] },
  staging: { Account: account, Certificates: null },
});

const pickFrom = (store: AcmeStore, names: (string | undefined)[]) => pickAcmeCertificate(store, names);
const found = (pick: ReturnType<typeof pickAcmeCertificate>): AcmeCertificate & { name: string; folder: string } => {
  if (!pick.found) throw new Error(`nothing found for ${pick.tried.join(', ')}`);
  return { ...pick.certificate, name: pick.name, folder: pick.folder };
};

describe('parseAcmeJson (Traefik v2/v3)', () => {
  it('reads every resolver in file order, a resolver without certificates (null) included', () => {
    const store = parseAcmeJson(v2);
    expect(store.layout).toBe('traefik-v2');
    expect(store.resolvers).toEqual(['letsencrypt', 'dnschallenge', 'staging']);
    expect(store.entries.map((e) => [e.resolver, e.index, e.main, e.sans, e.usable])).toEqual([
      ['letsencrypt', 0, 'www.example.org', ['example.org'], true],
      ['letsencrypt', 1, 'mail.example.com', [], true],
      ['dnschallenge', 0, '*.example.com', ['example.com'], true],
    ]);
  });

  it('gives the PEM chain and key as stored, and the leaf’s validity', () => {
    const cert = parseAcmeJson(v2).entries[1] as AcmeCertificate;
    expect(cert.chainPem).toBe(mail.certPem + ca.certPem);
    expect(cert.keyPem).toBe(mail.keyPem);
    expect(cert.fingerprint256).toBe(mail.cert.fingerprint256);
    expect(cert.notAfter.getTime()).toBe(Date.parse(mail.cert.validTo));
    expect(cert.notBefore.getTime()).toBe(Date.parse(mail.cert.validFrom));
  });
});

describe('pickAcmeCertificate: as DMS, for [SSL_DOMAIN, HOSTNAME, DOMAINNAME]', () => {
  const store = parseAcmeJson(v2);

  it('takes HOSTNAME’s certificate when SSL_DOMAIN is unset, into live/<HOSTNAME>', () => {
    const pick = found(pickFrom(store, [undefined, 'mail.example.com', 'example.com']));
    expect(pick).toMatchObject({ name: 'mail.example.com', folder: '/etc/letsencrypt/live/mail.example.com', resolver: 'letsencrypt' });
    expect(pick.fingerprint256).toBe(mail.cert.fingerprint256);
  });

  it('prefers SSL_DOMAIN; a wildcard one is written to the folder without `*.`', () => {
    const pick = found(pickFrom(store, ['*.example.com', 'mail.example.com', 'example.com']));
    expect(pick).toMatchObject({ name: '*.example.com', folder: '/etc/letsencrypt/live/example.com', resolver: 'dnschallenge' });
    expect(pick.fingerprint256).toBe(wildcard.cert.fingerprint256);
  });

  it('matches a name among `sans` too, and falls back to DOMAINNAME', () => {
    const pick = found(pickFrom(store, [undefined, 'smtp.example.com', 'example.com']));
    expect(pick).toMatchObject({ name: 'example.com', folder: '/etc/letsencrypt/live/example.com', main: '*.example.com' });
  });

  it('matches exact names only: a wildcard that covers HOSTNAME is offered as an SSL_DOMAIN, not taken', () => {
    const pick = pickFrom(store, [undefined, 'smtp.example.com', 'example.net']);
    expect(pick).toMatchObject({ found: false, tried: ['smtp.example.com', 'example.net'] });
    expect(pick.found === false && pick.covering.map((c) => c.main)).toEqual(['*.example.com']);
  });

  it('goes on to the next name when the first match has no key (as DMS), and says why it passed it over', () => {
    const keyless = { ...entry('mail.example.com', mail), key: '' };
    const certificates = [keyless, entry('*.example.com', wildcard, ['example.com'])];
    const store = parseAcmeJson(json({ le: { Account: account, Certificates: certificates } }));
    const pick = pickFrom(store, [undefined, 'mail.example.com', 'example.com']);
    expect(found(pick).name).toBe('example.com');
    expect(pick.passedOver.map((p) => [p.name, p.entry.problem])).toEqual([['mail.example.com', 'its key is missing']]);
  });

  it('takes the first match in file order across resolvers', () => {
    const renewedElsewhere = issue(['mail.example.com'], 89);
    const store = parseAcmeJson(
      json({ a: { Certificates: [entry('mail.example.com', mail)] }, b: { Certificates: [entry('mail.example.com', renewedElsewhere)] } }),
    );
    expect(found(pickFrom(store, ['mail.example.com'])).resolver).toBe('a');
  });
});

describe('Traefik v1’s layout', () => {
  const v1 = json({
    Account: { Email: 'admin@example.com', Registration: account.Registration, PrivateKey: account.PrivateKey },
    Certificates: [{ Domain: { Main: 'mail.example.com', SANs: null }, Certificate: b64(mail.certPem), Key: b64(mail.keyPem) }],
    HTTPChallenges: {},
    TLSChallenges: {},
  });

  it('is read (Domain.Main / SANs, Certificate, Key)', () => {
    const store = parseAcmeJson(v1);
    expect(store).toMatchObject({ layout: 'traefik-v1', resolvers: [] });
    expect(store.entries).toHaveLength(1);
    expect(store.entries[0]).toMatchObject({ resolver: '', main: 'mail.example.com', sans: [], usable: true, keyPem: mail.keyPem });
  });

  it('gives DMS nothing: it reads v2/v3’s layout only', () => {
    const pick = pickFrom(parseAcmeJson(v1), [undefined, 'mail.example.com', 'example.com']);
    expect(pick).toMatchObject({ found: false, unreadableLayout: expect.stringContaining("Traefik v1's layout, which DMS does not read") });
  });
});

describe('acme.json read with its keys withheld', () => {
  it('accepts `true` for a key and gives no key PEM; `false` is a certificate without key', () => {
    const data = {
      le: {
        Account: { ...account, PrivateKey: true },
        Certificates: [
          { ...entry('mail.example.com', mail), key: true },
          { ...entry('www.example.org', web), key: false },
        ],
      },
    };
    const [withKey, withoutKey] = readAcmeStore(data, { keysWithheld: true }).entries;
    expect(withKey).toMatchObject({ usable: true, fingerprint256: mail.cert.fingerprint256 });
    expect(withKey && 'keyPem' in withKey).toBe(false);
    expect(withoutKey).toMatchObject({ usable: false, problem: 'it has no key' });
  });

  it('does not take `true` for a key otherwise', () => {
    const data = { le: { Certificates: [{ ...entry('mail.example.com', mail), key: true }] } };
    expect(readAcmeStore(data).entries[0]).toMatchObject({ usable: false, problem: 'its key is a boolean, not base64 text' });
  });
});

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('it did not throw');
}

describe('bad acme.json', () => {
  const secret = b64(mail.keyPem);

  it.each([
    ['an empty file (Traefik created it, nothing stored yet)', '', 'acme.json is empty: Traefik has stored no certificate in it yet'],
    ['only whitespace', '\n  \n', 'acme.json is empty: Traefik has stored no certificate in it yet'],
    ['a list', '[]', 'acme.json holds a list, not a Traefik store (a JSON object)'],
    ['a resolver that is not an object', '{"le": "x"}', 'acme.json: the resolver "le" holds a string, not a store'],
    ['Certificates that is not a list', '{"le": {"Certificates": {}}}', 'the resolver "le": Certificates holds an object, not a list'],
  ])('%s: a clear error', (_what, text, message) => {
    expect(() => parseAcmeJson(text)).toThrow(new AcmeJsonError(message));
  });

  it('truncated JSON (written at that moment): where, never the text around it', () => {
    const text = json({ le: { Certificates: [entry('mail.example.com', mail)] } });
    const error = errorOf(() => parseAcmeJson(text.slice(0, text.indexOf(secret) + 40)));
    expect(error).toBeInstanceOf(AcmeJsonError);
    expect(error.message).toBe('acme.json is not valid JSON (line 9, column 57)');
  });

  it('JSON broken right after a key: no key material in the message', () => {
    const error = errorOf(() => parseAcmeJson(`{"le": {"Certificates": [{"key": "${secret}" "certificate": "x"}]}}`));
    expect(error).toBeInstanceOf(AcmeJsonError);
    expect(error.message).toMatch(/^acme\.json is not valid JSON/);
    expect(error.message).not.toContain(secret.slice(0, 20));
  });

  it.each([
    ['a certificate that is not base64', { certificate: 'not base64!' }, 'its certificate is not base64'],
    ['a certificate that is not PEM', { certificate: b64('hello') }, 'its certificate is not PEM (no CERTIFICATE block)'],
    [
      'a certificate that does not parse',
      { certificate: b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') },
      'its certificate is not a readable X.509 certificate',
    ],
    ['a key that is not PEM', { key: b64(mail.certPem) }, 'its key is not PEM (no PRIVATE KEY block)'],
    ['no domain', { domain: {} }, 'it names no domain'],
  ])('%s: that certificate is unusable, the others are read', (_what, change, problem) => {
    const certificates = [{ ...entry('mail.example.com', mail), ...change }, entry('www.example.org', web)];
    const store = parseAcmeJson(json({ le: { Certificates: certificates } }));
    expect(store.entries.map((e) => (e.usable ? 'usable' : e.problem))).toEqual([problem, 'usable']);
  });
});
