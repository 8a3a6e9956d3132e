import { describe, expect, it } from 'vitest';
import { mtaStsPolicy } from '../../src/dms/mta-sts-policy.js';
import { checkMtaSts, type FetchPolicy } from '../../src/services/dns/checks/mta-sts.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import { byId, FQDN } from '../support/dns-fixtures.js';

const URL = 'https://mta-sts.example.com/.well-known/mta-sts.txt';
const records: RecordedAnswers = {
  '_mta-sts.example.com': { TXT: ['v=STSv1; id=20240501T000000'] },
  'example.com': { MX: [{ exchange: FQDN, priority: 10 }] },
};

/** Serves one policy text at the example.com URL; other URLs fail as an unreachable host would. */
function serving(text: string, fetched: string[] = []): FetchPolicy {
  return (url) => {
    fetched.push(url);
    return url === URL ? Promise.resolve(text) : Promise.reject(new Error('getaddrinfo ENOTFOUND'));
  };
}

async function check(policyText: string, answers: RecordedAnswers = records) {
  return byId(await checkMtaSts(new RecordedResolver(answers), 'example.com', serving(policyText)));
}

describe('checkMtaSts', () => {
  it('passes a record with an id and a policy covering the MX, fetched from the well-known URL', async () => {
    const fetched: string[] = [];
    const policy = mtaStsPolicy({ domain: 'example.com', mx: [FQDN], mode: 'enforce' }).text;
    const results = byId(await checkMtaSts(new RecordedResolver(records), 'example.com', serving(policy, fetched)));
    expect(fetched).toEqual([URL]);
    expect(Object.values(results).map((r) => [r.id, r.status])).toEqual([
      ['mta-sts.record', 'pass'],
      ['mta-sts.policy', 'pass'],
      ['mta-sts.mx', 'pass'],
    ]);
  });

  it('fails a policy whose mx lines do not cover the MX', async () => {
    const results = await check('version: STSv1\nmode: enforce\nmx: *.provider.example\nmax_age: 604800\n');
    expect(results['mta-sts.mx']).toMatchObject({
      status: 'fail',
      summary: 'the MTA-STS policy of example.com does not cover MX mail.example.com: senders refuse to deliver there',
      detail: 'its mx lines: *.provider.example',
    });
    const wildcard = await check('version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 604800\n');
    expect(wildcard['mta-sts.mx']?.status).toBe('pass');
  });

  it('fails a bad max_age, and warns on a short one', async () => {
    expect((await check('version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: -1\n'))['mta-sts.policy']).toMatchObject({
      status: 'fail',
      summary: "the MTA-STS policy of example.com is invalid: max_age '-1' is not a number of seconds up to 31557600",
    });
    expect((await check('version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 300\n'))['mta-sts.policy']?.status).toBe('warn');
  });

  it('advises MTA-STS when it is not published, and fails a record without a valid id', async () => {
    expect((await check('', { 'example.com': records['example.com']! }))['mta-sts.record']).toMatchObject({
      status: 'advice',
      summary: expect.stringContaining('is missing'),
    });
    const noId = await check('', { ...records, '_mta-sts.example.com': { TXT: ['v=STSv1; id=not-valid!'] } });
    expect(noId['mta-sts.record']).toMatchObject({ status: 'fail', summary: expect.stringContaining('no valid id=') });
  });

  it('fails when the policy cannot be fetched', async () => {
    const results = byId(
      await checkMtaSts(new RecordedResolver(records), 'example.com', () => Promise.reject(new Error('certificate has expired'))),
    );
    expect(results['mta-sts.policy']).toMatchObject({
      status: 'fail',
      summary: `could not fetch the MTA-STS policy ${URL}`,
      detail: 'certificate has expired',
    });
  });

  it('notes testing mode and accepts a withdrawn policy without mx lines', async () => {
    expect((await check('version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 86400\n'))['mta-sts.policy']?.detail).toContain(
      'switch to enforce',
    );
    const none = await check('version: STSv1\nmode: none\nmax_age: 86400\n');
    expect(none['mta-sts.policy']?.status).toBe('warn');
    expect(none['mta-sts.mx']?.status).toBe('pass');
  });
});
