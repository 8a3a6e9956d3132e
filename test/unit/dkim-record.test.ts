import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dkimValueFromPublicKey, dkimValueFromZoneSnippet } from '../../src/dms/dkim-record.js';
import { parseTagList } from '../../src/dms/dns-txt.js';

// Written by `opendkim-genkey --subdomains --domain=example.test --selector=…` (opendkim-tools 2.11, Debian 13).
const sample = (name: string): string => readFileSync(new URL(`samples/${name}`, import.meta.url), 'utf8');

describe('dkimValueFromZoneSnippet', () => {
  it('joins the quoted pieces of a 2048-bit key into one value, without the trailing comment', () => {
    const value = dkimValueFromZoneSnippet(sample('opendkim-genkey-2048.txt'));
    expect(value).toMatch(/^v=DKIM1; h=sha256; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1Suclc/);
    expect(value).toMatch(/wpgOJAFwIDAQAB$/);
    expect(value).not.toMatch(/["\t\n]| {2}|DKIM key/);
    const tags = parseTagList(value);
    expect(tags.problems).toEqual([]);
    expect(tags.names).toEqual(['v', 'h', 'k', 'p']);
    // 2048-bit RSA SubjectPublicKeyInfo: 294 bytes, 392 base64 characters, split by opendkim-genkey at 250.
    expect(tags.tags.get('p')).toHaveLength(392);
  });

  it('reads a key that fits in one piece', () => {
    expect(dkimValueFromZoneSnippet(sample('opendkim-genkey-1024.txt'))).toBe(
      'v=DKIM1; h=sha256; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJClMkducUMiEorgZj/bgLilGtHJJgDHZGLKobTY9kcdj49T55pMHulJjOpg8q70B5FOb0Sncl2HD/p4MpI/h1+Lhm8hl9Uy2Nsb+TOPKuq3tcNranSEegsRkzHJ3n3X39ncZLyknNO3ECFlnSMSsoLM+3YT8BWcS6hNmVm1+orwIDAQAB',
    );
  });

  it('keeps semicolons inside quotes and skips quotes inside comments', () => {
    expect(dkimValueFromZoneSnippet('x IN TXT ( "a; b" "c\\"d" ) ; "not this"\n')).toBe('a; bc"d');
    expect(dkimValueFromZoneSnippet('; only a comment "x"\n')).toBe('');
  });
});

describe('dkimValueFromPublicKey', () => {
  it('turns a PEM public key (as `openssl rsa -pubout` prints it) into the record value', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMIGfMA0G\nCSqGSIb3\n-----END PUBLIC KEY-----\n';
    expect(dkimValueFromPublicKey('mail', pem)).toBe('v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3');
  });
});
