import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectDkimKey } from '../../src/dms/dkim-key.js';
import { parseAmavisShowkeys } from '../../src/formats/amavis/showkeys.js';

const sample = readFileSync(new URL('samples/amavisd-showkeys-two.txt', import.meta.url), 'utf8');
/** `openssl pkey -pubout` of the two private keys, taken from the same container. */
const PUBLIC_KEYS = {
  'example.test': 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkxhW7uraUBCBWXKMB1M1vShSNDcBrQ+J3XO4rutnXY+R7Knz/nsrCYgekP6fp60MNPyVmBQMoIotpTXCHNg+yPXYF7AmNO2/Szxe/JLePUqDpcmt12vfeJ9xQfSEUIyJmX0cHlDM+rKCVILII8RIMiPUOulYg3KGteT+OwsLm4Vw++lF8s4mRp/IWJtxF7C+gs/jRobzZ2gOXQV3x/KNymQhMIJ62DHF3d1MoQ7RhS7euE3NS/0PmIcHSFfUW9e7UGG33drSsb+F6utL2xkQQJYXjfyu2OrFQdS1E7ed6PTb7W6vIwbqYDAcB6J+Qoi0NLJ7VAz1gdcEU78nPwl9lQIDAQAB',
  'other.test': 'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDWJXsL2n8dnogsvWrXtjUelOWtiQSDCTJoHzKXp75ADeKSsMfNyUQ42p1GGLNibXv4Pt+g4vG2ri2X9QwZyedWudaS9v/YJ/kdFB9MGP8dcMbaw9SfpyDhEfSa9sqIJ5r/Mzz5qO5cd3uzGBimQEDs8S4M+nDIUPITFwJ08yE1ZwIDAQAB',
};

describe('parseAmavisShowkeys', () => {
  it('reads every key of a real amavisd showkeys: domain, selector and the public key the private key has', () => {
    const keys = parseAmavisShowkeys(sample);
    expect(keys).toEqual({
      'example.test': { selector: 'mail', publicKeyBase64: PUBLIC_KEYS['example.test'], keyType: 'rsa' },
      'other.test': { selector: 's2024', publicKeyBase64: PUBLIC_KEYS['other.test'], keyType: 'rsa' },
    });
    expect(inspectDkimKey(keys['other.test']!.publicKeyBase64)).toEqual({ ok: true, type: 'rsa', bits: 1024 });
  });

  it('keeps the first selector of a domain listed twice, and ignores text that is not a key', () => {
    const second = sample.replace('s=s2024, d=other.test', 's=s2025, d=example.test');
    expect(parseAmavisShowkeys(second)['example.test']?.selector).toBe('mail');
    expect(parseAmavisShowkeys('WARNING: Localhost DNS (127.0.0.1) may fail in containers.\n')).toEqual({});
    expect(parseAmavisShowkeys('; key#1 2048 bits, s=mail, d=example.test, /x\nmail._domainkey.example.test. 3600 TXT ("v=DKIM1;")\n')).toEqual({});
  });
});
