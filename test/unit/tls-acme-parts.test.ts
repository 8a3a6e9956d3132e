import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createCsr } from '../../src/services/tls/csr.js';
import { integer, oid, subjectAltNames } from '../../src/services/tls/der.js';
import { accountKey, jwkThumbprint, keyAuthorization, signJws } from '../../src/services/tls/jws.js';
import { writeLiveFiles } from '../../src/services/tls/letsencrypt-files.js';
import { pemBlocks, toPem } from '../../src/services/tls/pem.js';
import { generateCertKey } from '../../src/services/tls/signing.js';
import { makeCa, makeCertificate } from '../support/tls-certs.js';

/** The pieces of the ACME client that need no server: DER, the CSR, JWS signing, the letsencrypt layout. */

describe('DER', () => {
  it('encodes OIDs, integers and names as X.690 says', () => {
    expect(oid('1.2.840.113549.1.9.14').toString('hex')).toBe('06092a864886f70d01090e');
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(Buffer.from([0x80])).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0, 0, 0x12])).toString('hex')).toBe('020112');
    expect(subjectAltNames(['a.test', '127.0.0.1']).toString('hex')).toBe('300e8206612e746573748704' + '7f000001');
  });
});

describe('createCsr', () => {
  it.each(['ecdsa', 'rsa'] as const)('makes a %s CSR that openssl verifies, with every name in subjectAltName', async (type) => {
    const csr = toPem('CERTIFICATE REQUEST', createCsr(['mail.example.test', 'smtp.example.test'], generateCertKey(type)));
    const { stdout, stderr } = await execa('openssl', ['req', '-verify', '-noout', '-text'], { input: csr });
    expect(stderr + stdout).toContain('verify OK');
    expect(stdout).toContain('Subject: CN = mail.example.test');
    expect(stdout).toContain('DNS:mail.example.test, DNS:smtp.example.test');
  });

  it('needs a name', () => {
    expect(() => createCsr([], generateCertKey())).toThrow('at least one name');
  });
});

describe('JWS', () => {
  const key = accountKey();

  it('signs with ES256 over the protected header and payload, the JWK before the account exists and the kid after', () => {
    const jws = signJws(key, { url: 'https://acme.test/new-acct', nonce: 'n1' }, { termsOfServiceAgreed: true });
    const header = JSON.parse(Buffer.from(jws.protected, 'base64url').toString()) as Record<string, unknown>;
    expect(header).toEqual({ alg: 'ES256', nonce: 'n1', url: 'https://acme.test/new-acct', jwk: key.jwk });
    const signed = Buffer.from(`${jws.protected}.${jws.payload}`);
    const ok = verify(
      'sha256',
      signed,
      { key: createPublicKey(key.privateKey), dsaEncoding: 'ieee-p1363' },
      Buffer.from(jws.signature, 'base64url'),
    );
    expect(ok).toBe(true);
    const asGet = signJws(key, { url: 'https://acme.test/order/1', nonce: 'n2', kid: 'https://acme.test/acct/7' }, undefined);
    expect(asGet.payload).toBe('');
    expect(JSON.parse(Buffer.from(asGet.protected, 'base64url').toString())).toMatchObject({ kid: 'https://acme.test/acct/7' });
  });

  it('has an RFC 7638 thumbprint that survives a reload of the key, and builds the key authorization from it', () => {
    const reloaded = accountKey(key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(jwkThumbprint(reloaded.jwk)).toBe(jwkThumbprint(key.jwk));
    expect(jwkThumbprint(key.jwk)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyAuthorization('tok', key)).toBe(`tok.${jwkThumbprint(key.jwk)}`);
  });

  it('refuses an account key that is not P-256', () => {
    expect(() => accountKey(generateCertKey('rsa').export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow('EC P-256');
  });
});

describe('the letsencrypt layout', () => {
  it('writes live/<name>/ as certbot does, the key 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailwiz-le-unit-'));
    try {
      const ca = makeCa();
      const leaf = makeCertificate({ names: ['mail.example.test'], issuer: ca });
      const files = await writeLiveFiles(dir, 'mail.example.test', leaf.certPem + ca.certPem, leaf.keyPem);
      expect(files.fullchain).toBe(join(dir, 'live/mail.example.test/fullchain.pem'));
      expect((await stat(files.privkey)).mode & 0o777).toBe(0o600);
      expect(await readFile(join(files.dir, 'cert.pem'), 'utf8')).toBe(leaf.certPem);
      expect(await readFile(join(files.dir, 'chain.pem'), 'utf8')).toBe(ca.certPem);
      expect(pemBlocks(await readFile(files.fullchain, 'utf8'))).toEqual([leaf.certPem, ca.certPem]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
