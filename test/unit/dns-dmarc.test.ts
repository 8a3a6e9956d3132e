import { describe, expect, it } from 'vitest';
import { checkDmarc } from '../../src/services/dns/checks/dmarc.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import { byId } from '../support/dns-fixtures.js';

async function check(answers: RecordedAnswers) {
  return byId(await checkDmarc(new RecordedResolver(answers), 'example.com'));
}

const dmarc = (...records: string[]): RecordedAnswers => ({ '_dmarc.example.com': { TXT: records } });

describe('checkDmarc', () => {
  it('passes a quarantine policy with reports to the domain itself', async () => {
    const results = await check(dmarc('v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:dmarc@example.com; pct=100; fo=1:d'));
    expect(Object.values(results).map((r) => [r.id, r.status])).toEqual([
      ['dmarc.record', 'pass'],
      ['dmarc.policy', 'pass'],
      ['dmarc.reports', 'pass'],
    ]);
  });

  it('warns when an enforcing policy asks for no reports, and only advises it under p=none', async () => {
    expect((await check(dmarc('v=DMARC1; p=reject')))['dmarc.reports']).toMatchObject({
      status: 'warn',
      summary: 'the DMARC record of example.com asks for no reports (no rua=): mail that fails DMARC is dropped unseen',
    });
    expect((await check(dmarc('v=DMARC1; p=none')))['dmarc.reports']?.status).toBe('advice');
  });

  it('fails a missing record', async () => {
    const results = await check({});
    expect(results['dmarc.record']).toMatchObject({ status: 'fail', summary: 'the DMARC record at _dmarc.example.com is missing' });
    expect(results['dmarc.record']?.detail).toContain('v=DMARC1; p=quarantine');
  });

  it('ignores records that do not start with v=DMARC1, as receivers do', async () => {
    const results = await check(dmarc('p=reject; v=DMARC1', 'v=dmarc1; p=reject'));
    expect(results['dmarc.record']).toMatchObject({ status: 'fail', summary: expect.stringContaining('is missing') });
    expect(results['dmarc.record']?.detail).toContain('"p=reject; v=DMARC1"');
  });

  it('fails two records', async () => {
    expect((await check(dmarc('v=DMARC1; p=none', 'v=DMARC1; p=reject')))['dmarc.record']?.summary).toContain('published 2 times');
  });

  it.each([
    ['v=DMARC1; p=block', "p=: 'block' is not none, quarantine, reject"],
    ['v=DMARC1; rua=mailto:dmarc@example.com', 'there is no p= policy'],
    ['v=DMARC1; p=reject; pct=150', "pct=: '150' is not a number up to 100"],
    ['v=DMARC1; p=reject; adkim=x', "adkim=: 'x' is not r, s"],
    ['v=DMARC1; p=reject; rua=dmarc@example.com', "rua=: 'dmarc@example.com' is not a mailto: or https: URI"],
    ['v=DMARC1; p=reject; sp=', 'sp= is empty'],
    ['v=DMARC1; p=reject; p=none', 'the tag p= appears twice'],
  ])('fails %s', async (record, problem) => {
    expect((await check(dmarc(record)))['dmarc.policy']).toMatchObject({
      status: 'fail',
      summary: `the DMARC record of example.com is invalid: ${problem}`,
    });
  });

  it('advises against p=none (a first step, not a problem) and warns on unknown tags', async () => {
    expect((await check(dmarc('v=DMARC1; p=none; rua=mailto:d@example.com')))['dmarc.policy']).toMatchObject({
      status: 'advice',
      summary: expect.stringContaining('p=none'),
    });
    expect((await check(dmarc('v=DMARC1; p=reject; rau=mailto:d@example.com')))['dmarc.policy']).toMatchObject({
      status: 'warn',
      summary: expect.stringContaining('unknown tags: rau'),
    });
  });

  it('fails an external report destination that has not authorised the domain', async () => {
    const results = await check(dmarc('v=DMARC1; p=reject; rua=mailto:reports@dmarc.example.net,mailto:me@sub.example.com'));
    expect(results['dmarc.report-auth']).toMatchObject({
      status: 'fail',
      summary: 'dmarc.example.net has not authorised DMARC reports for example.com: receivers will not send them',
      detail: 'publish in dmarc.example.net\'s zone: example.com._report._dmarc.dmarc.example.net TXT "v=DMARC1"',
    });
  });

  it('passes an authorised external destination, and says unknown when it cannot tell', async () => {
    const record = dmarc('v=DMARC1; p=reject; rua=mailto:reports@dmarc.example.net; ruf=mailto:f@dmarc.example.net');
    const authorised = await checkDmarc(
      new RecordedResolver({ ...record, 'example.com._report._dmarc.dmarc.example.net': { TXT: ['v=DMARC1'] } }),
      'example.com',
    );
    expect(authorised.filter((r) => r.id === 'dmarc.report-auth')).toEqual([expect.objectContaining({ status: 'pass' })]);
    const down = await check({ ...record, 'example.com._report._dmarc.dmarc.example.net': 'REFUSED' });
    expect(down['dmarc.report-auth']?.status).toBe('unknown');
  });

  describe('a subdomain without a record of its own (RFC 7489 §6.6.3)', () => {
    const sub = async (answers: RecordedAnswers) => {
      const resolver = new RecordedResolver(answers);
      return { results: byId(await checkDmarc(resolver, 'lists.example.com')), queries: resolver.queries };
    };
    const parent = (record: string): RecordedAnswers => ({ '_dmarc.example.com': { TXT: [record] } });

    it("passes with the organisational domain's sp= when it is set, asking for both records at once", async () => {
      const { results, queries } = await sub(parent('v=DMARC1; p=none; sp=reject'));
      expect(results['dmarc.record']).toMatchObject({
        status: 'pass',
        summary: 'lists.example.com has no DMARC record of its own: the policy of example.com applies (RFC 7489 §6.6.3)',
        detail: '_dmarc.example.com: "v=DMARC1; p=none; sp=reject"',
      });
      expect(results['dmarc.policy']).toMatchObject({
        status: 'pass',
        summary: 'the DMARC policy of lists.example.com is sp=reject, inherited from example.com',
      });
      expect(queries).toEqual(['TXT _dmarc.lists.example.com', 'TXT _dmarc.example.com']);
    });

    it("takes p= when there is no sp=, and advises when what applies is none", async () => {
      expect((await sub(parent('v=DMARC1; p=quarantine'))).results['dmarc.policy']?.summary).toBe(
        'the DMARC policy of lists.example.com is p=quarantine, inherited from example.com',
      );
      expect((await sub(parent('v=DMARC1; p=reject; sp=none'))).results['dmarc.policy']).toMatchObject({
        status: 'advice',
        summary: 'lists.example.com inherits sp=none from example.com: spoofed mail is still delivered',
      });
    });

    it("fails when the organisational domain's record is invalid, missing or doubled", async () => {
      expect((await sub(parent('v=DMARC1; sp=reject'))).results['dmarc.policy']).toMatchObject({
        status: 'fail',
        summary: 'the DMARC record of example.com is invalid: there is no p= policy (lists.example.com inherits it)',
      });
      const missing = (await sub({})).results['dmarc.record'];
      expect(missing).toMatchObject({
        status: 'fail',
        summary: "the DMARC record at _dmarc.lists.example.com is missing, and so is example.com's that would apply",
      });
      expect(missing?.detail).toContain('publish at _dmarc.lists.example.com');
      const doubled = await sub({ '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject', 'v=DMARC1; p=none'] } });
      expect(doubled.results['dmarc.record']?.summary).toContain("example.com's that would apply is published 2 times");
    });

    it('is unknown when the organisational record cannot be looked up', async () => {
      expect((await sub({ '_dmarc.example.com': 'SERVFAIL' })).results['dmarc.record']).toMatchObject({
        status: 'unknown',
        summary: expect.stringContaining("could not look up example.com's that would apply"),
      });
    });

    it('warns when its own TXT records lack v=DMARC1, since receivers then apply the parent\'s', async () => {
      const { results } = await sub({ ...parent('v=DMARC1; p=reject'), '_dmarc.lists.example.com': { TXT: ['v=dmarc1; p=none'] } });
      expect(results['dmarc.record']).toMatchObject({ status: 'warn', summary: expect.stringContaining('the policy of example.com applies') });
    });

    it("prefers its own record, and checks the parent's external report destinations for the parent", async () => {
      const own = await sub({ ...parent('v=DMARC1; p=reject'), '_dmarc.lists.example.com': { TXT: ['v=DMARC1; p=none'] } });
      expect(own.results['dmarc.policy']?.summary).toBe('the DMARC policy of lists.example.com is p=none: spoofed mail is still delivered');
      const external = await sub(parent('v=DMARC1; p=reject; rua=mailto:d@reports.example.net'));
      expect(external.results['dmarc.report-auth']?.detail).toBe(
        'publish in reports.example.net\'s zone: example.com._report._dmarc.reports.example.net TXT "v=DMARC1"',
      );
    });

    it('uses the Public Suffix List: example.co.uk is an organisational domain, co.uk is not', async () => {
      const resolver = new RecordedResolver({ '_dmarc.example.co.uk': { TXT: ['v=DMARC1; p=reject'] } });
      expect(byId(await checkDmarc(resolver, 'lists.example.co.uk'))['dmarc.policy']?.status).toBe('pass');
      const top = new RecordedResolver({});
      await checkDmarc(top, 'example.co.uk');
      expect(top.queries).toEqual(['TXT _dmarc.example.co.uk']);
    });
  });
});
