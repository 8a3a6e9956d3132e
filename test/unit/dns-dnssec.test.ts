import { describe, expect, it } from 'vitest';
import { checkDnssec } from '../../src/services/dns/checks/dnssec.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import { byId } from '../support/dns-fixtures.js';

async function check(answers: RecordedAnswers, domain = 'example.com') {
  return checkDnssec(new RecordedResolver(answers), domain);
}

describe('checkDnssec (a mail domain)', () => {
  it('passes an unsigned zone with one result: DNSSEC is optional', async () => {
    const results = await check({ 'example.com': { MX: [{ exchange: 'mail.example.com', priority: 10 }] } });
    expect(results.map((r) => [r.id, r.status, r.summary])).toEqual([
      ['dnssec.signed', 'pass', 'example.com is not DNSSEC-signed (it is optional; DANE for mail needs it)'],
    ]);
  });

  it('reports a signed zone and whether the resolver validated it, as separate results', async () => {
    const validated = byId(await check({ 'example.com': { DNSSEC: { signed: true, authenticated: true } } }));
    expect(validated['dnssec.signed']).toMatchObject({ status: 'pass', summary: 'example.com is DNSSEC-signed' });
    expect(validated['dnssec.validated']).toMatchObject({ status: 'pass', summary: 'the resolver validated the signatures of example.com (AD flag)' });
    const notValidated = byId(await check({ 'example.com': { DNSSEC: { signed: true, authenticated: false } } }));
    expect(notValidated['dnssec.validated']).toMatchObject({ status: 'pass', summary: expect.stringContaining('did not validate') });
    expect(notValidated['dnssec.validated']?.detail).toContain('no DS record at the parent');
  });

  it('takes the status of the enclosing zone for a name below its apex', async () => {
    const results = byId(await check({ 'example.com': { DNSSEC: { signed: true, authenticated: true } } }, 'lists.example.com'));
    expect(results['dnssec.signed']?.summary).toBe('lists.example.com is DNSSEC-signed');
  });

  it('passes, without judging, through a resolver that drops DNSSEC records; is unknown when the lookup fails', async () => {
    expect(await check({ 'example.com': { DNSSEC: 'NODNSSEC' } })).toEqual([
      expect.objectContaining({ status: 'pass', summary: expect.stringContaining('not checked whether example.com is DNSSEC-signed') }),
    ]);
    expect(await check({ 'example.com': 'SERVFAIL' })).toEqual([
      expect.objectContaining({ status: 'unknown', summary: 'could not tell whether example.com is DNSSEC-signed' }),
    ]);
  });
});
