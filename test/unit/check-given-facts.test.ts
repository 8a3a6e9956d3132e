import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dkimKeyFromZoneText } from '../../src/dms/dkim-key.js';
import { dkimKeyFromPem, dkimKeyFromRecord } from '../../src/services/check/given-facts.js';
import { OPENDKIM_MAIL_TXT } from '../support/dns-fixtures.js';

/** `check --dkim-key`/`--dkim-record`: the public key as a DKIM record carries it, from a PEM file or a record. */

describe('DKIM keys given to check', () => {
  it('takes the public half of a PEM key, private or public: RSA as DER SPKI, Ed25519 raw (RFC 8463)', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const fromPrivate = dkimKeyFromPem(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 's1');
    expect(fromPrivate).toEqual({ selector: 's1', keyType: 'rsa', publicKeyBase64: rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') });
    expect(dkimKeyFromPem(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 's1')).toEqual(fromPrivate);
    const ed = generateKeyPairSync('ed25519');
    const key = dkimKeyFromPem(ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ed');
    expect(key.keyType).toBe('ed25519');
    expect(Buffer.from(key.publicKeyBase64, 'base64')).toHaveLength(32);
    expect(() => dkimKeyFromPem('not a key', 's')).toThrow();
  });

  it("reads opendkim-genkey's .txt with its own selector, or a bare value with the one given", () => {
    expect(dkimKeyFromRecord(OPENDKIM_MAIL_TXT, 'other')).toEqual(dkimKeyFromZoneText(OPENDKIM_MAIL_TXT));
    expect(dkimKeyFromRecord('v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n', 'sel')).toEqual({
      selector: 'sel',
      keyType: 'ed25519',
      publicKeyBase64: '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
    });
    expect(dkimKeyFromRecord('v=DKIM1; k=rsa\n', 'sel')).toBeUndefined();
  });
});
