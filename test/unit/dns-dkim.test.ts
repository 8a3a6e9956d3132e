import { describe, expect, it } from 'vitest';
import { txtStrings } from '../../src/dms/dns-txt.js';
import { checkDkim } from '../../src/services/dns/checks/dkim.js';
import { RecordedResolver, type RecordedName } from '../../src/services/dns/recorded-resolver.js';
import { byId, KEY_1024, KEY_2048, KEY_512, OTHER_KEY_2048 } from '../support/dns-fixtures.js';

const NAME = 'mail._domainkey.example.com';
const SERVER = { selector: 'mail', publicKeyBase64: KEY_2048 };

async function check(records: RecordedName | undefined, expected: { selector: string; publicKeyBase64?: string } = SERVER) {
  return byId(await checkDkim(new RecordedResolver(records ? { [NAME]: records } : {}), 'example.com', expected));
}

/** The record as a careful DNS provider serves it: strings of at most 255 bytes. */
const published = (value: string): RecordedName => ({ TXT: [txtStrings(value)] });

describe('checkDkim', () => {
  it("passes the server's 2048-bit key, published in 255-byte strings", async () => {
    const results = await check(published(`v=DKIM1; h=sha256; k=rsa; p=${KEY_2048}`));
    expect(Object.values(results).map((r) => [r.id, r.status])).toEqual([
      ['dkim.record', 'pass'],
      ['dkim.key', 'pass'],
      ['dkim.key-size', 'pass'],
    ]);
    expect(results['dkim.key-size']?.summary).toContain('2048 bits');
  });

  it('fails a missing selector record, telling what to publish', async () => {
    const results = await check(undefined);
    expect(results['dkim.record']).toMatchObject({ status: 'fail', summary: `there is no DKIM record at ${NAME}` });
    expect(results['dkim.record']?.detail).toMatch(/^publish at mail\._domainkey\.example\.com: "v=DKIM1; k=rsa; p=MIIB.{200,}" ".+"$/);
  });

  it('names a key the DNS provider cut at 255 characters', async () => {
    const value = `v=DKIM1; k=rsa; p=${KEY_2048}`;
    const results = await check({ TXT: [value.slice(0, 255)] });
    expect(results['dkim.key']).toMatchObject({
      status: 'fail',
      summary: `the key at ${NAME} is cut short: ${255 - 'v=DKIM1; k=rsa; p='.length} of its ${KEY_2048.length} characters are published`,
    });
    expect(results['dkim.key-size']?.status).toBe('fail');
  });

  it('fails a 512-bit key and advises 2048 over 1024 bits', async () => {
    const weak = await check(published(`v=DKIM1; k=rsa; p=${KEY_512}`), { selector: 'mail' });
    expect(weak['dkim.key-size']).toMatchObject({ status: 'fail', summary: expect.stringContaining('512 bits') });
    expect(weak['dkim.key']).toBeUndefined();
    const medium = await check(published(`v=DKIM1; k=rsa; p=${KEY_1024}`), { selector: 'mail' });
    expect(medium['dkim.key-size']).toMatchObject({ status: 'advice', summary: expect.stringContaining('1024 bits (2048 advised)') });
  });

  it('fails a key that is not the one the server signs with', async () => {
    const results = await check(published(`v=DKIM1; k=rsa; p=${OTHER_KEY_2048}`));
    expect(results['dkim.key']).toMatchObject({ status: 'fail', summary: `the key at ${NAME} is not the key the server signs with` });
    expect(results['dkim.key-size']?.status).toBe('pass');
  });

  it('checks the version tag and the key tag', async () => {
    expect((await check(published(`k=rsa; p=${KEY_2048}`)))['dkim.record']?.status).toBe('warn');
    expect((await check(published(`k=rsa; v=DKIM1; p=${KEY_2048}`)))['dkim.record']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('v=DKIM1 must come first'),
    });
    expect((await check(published('v=DKIM1; k=rsa; p=')))['dkim.record']?.summary).toContain('the key is revoked');
    expect((await check(published('v=DKIM1; k=rsa')))['dkim.record']?.summary).toContain('no p= tag');
  });

  it('fails two records at one selector, and says unknown when the resolver fails', async () => {
    expect((await check({ TXT: [`v=DKIM1; p=${KEY_2048}`, `v=DKIM1; p=${OTHER_KEY_2048}`] }))['dkim.record']?.summary).toContain(
      '2 TXT records',
    );
    expect((await check({ TXT: 'SERVFAIL' }))['dkim.record']?.status).toBe('unknown');
  });

  it('accepts white space that providers leave inside the key', async () => {
    const spaced = `v=DKIM1; k=rsa; p=${KEY_2048.slice(0, 100)} ${KEY_2048.slice(100)}`;
    expect((await check({ TXT: [txtStrings(spaced)] }))['dkim.key']?.status).toBe('pass');
  });
});
