import { describe, expect, it } from 'vitest';
import { expandMacros, parseSpf } from '../../src/dms/spf.js';
import type { CheckResult } from '../../src/services/dns/check-result.js';
import { checkSpf } from '../../src/services/dns/checks/spf.js';
import { evaluateSpf } from '../../src/services/dns/checks/spf-eval.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import { byId, FQDN, IPV4, IPV6 } from '../support/dns-fixtures.js';

function spfAt(domain: string, ...records: string[]): RecordedAnswers {
  return { [domain]: { TXT: records } };
}

async function check(answers: RecordedAnswers, ips: string[] = [IPV4]): Promise<Record<string, CheckResult>> {
  return byId(await checkSpf(new RecordedResolver(answers), 'example.com', FQDN, ips));
}

/** A chain of `length` includes below example.com; the last level authorises the server. */
function includeChain(length: number): RecordedAnswers {
  const answers: Record<string, { TXT: string[] }> = { 'example.com': { TXT: ['v=spf1 include:l1.spf.example.net -all'] } };
  for (let level = 1; level < length; level += 1)
    answers[`l${level}.spf.example.net`] = { TXT: [`v=spf1 include:l${level + 1}.spf.example.net -all`] };
  answers[`l${length}.spf.example.net`] = { TXT: [`v=spf1 ip4:${IPV4} -all`] };
  return answers;
}

describe('parseSpf', () => {
  it('reads mechanisms with qualifiers, domains, dual CIDR and modifiers', () => {
    const parsed = parseSpf(
      'v=spf1 +a -mx:mail.example.com/24//64 ~ip4:192.0.2.0/24 ?ip6:2001:db8::/32 include:_spf.example.net exists:%{i}._spf.%{d} ptr redirect=_spf.example.com exp=explain.%{d} x-custom=1',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.record.mechanisms.map((m) => [m.qualifier, m.kind, m.domain ?? m.network, m.prefix4, m.prefix6])).toEqual([
      ['+', 'a', undefined, 32, 128],
      ['-', 'mx', 'mail.example.com', 24, 64],
      ['~', 'ip4', '192.0.2.0', 24, 128],
      ['?', 'ip6', '2001:db8::', 32, 32],
      ['+', 'include', '_spf.example.net', 32, 128],
      ['+', 'exists', '%{i}._spf.%{d}', 32, 128],
      ['+', 'ptr', undefined, 32, 128],
    ]);
    expect(parsed.record).toMatchObject({ redirect: '_spf.example.com', exp: 'explain.%{d}' });
  });

  it.each([
    ['v=spf1 ip4:192.0.2.300 -all', "'ip4:192.0.2.300': not an IPv4 address or network"],
    ['v=spf1 ip4:192.0.2.0/33 -all', "'ip4:192.0.2.0/33': invalid prefix length (0–32)"],
    ['v=spf1 ip6:192.0.2.1 -all', "'ip6:192.0.2.1': not an IPv6 address or network"],
    ['v=spf1 a/24/ -all', "'a/24/': a takes :domain and /prefix"],
    ['v=spf1 include -all', "'include': include needs a domain (include:example.com)"],
    ['v=spf1 include:nodot -all', "'include:nodot': 'nodot' is not a domain name"],
    ['v=spf1 inclde:_spf.example.net -all', "'inclde:_spf.example.net': unknown mechanism 'inclde'"],
    ['v=spf1 exists:%{z}.example.com', "'exists:%{z}.example.com': unknown macro letter %{z}"],
    ['v=spf1 exists:100%.example.com', "'exists:100%.example.com': a % that starts no macro (write %% for a percent sign)"],
    ['v=spf1 redirect=a.example redirect=b.example', 'the modifier redirect= appears twice'],
    ['v=spf1 all:x', "'all:x': all takes no argument"],
    ['spf1 -all', 'the record does not start with v=spf1'],
  ])('rejects %s', (record, problem) => {
    expect(parseSpf(record)).toEqual({ ok: false, problem });
  });
});

describe('expandMacros (the examples of RFC 7208 §7.4)', () => {
  const context = { sender: 'strong-bad@email.example.com', domain: 'email.example.com', ip: '192.0.2.3', helo: 'mx.example.org' };
  it.each([
    ['%{s}', 'strong-bad@email.example.com'],
    ['%{o}', 'email.example.com'],
    ['%{d4}', 'email.example.com'],
    ['%{d2}', 'example.com'],
    ['%{d1}', 'com'],
    ['%{dr}', 'com.example.email'],
    ['%{d2r}', 'example.email'],
    ['%{l}', 'strong-bad'],
    ['%{l-}', 'strong.bad'],
    ['%{lr-}', 'bad.strong'],
    ['%{l1r-}', 'strong'],
    ['%{ir}.%{v}._spf.%{d2}', '3.2.0.192.in-addr._spf.example.com'],
    ['%{lr-}.lp.%{ir}.%{v}._spf.%{d2}', 'bad.strong.lp.3.2.0.192.in-addr._spf.example.com'],
    ['%{d2}.trusted-domains.example.net', 'example.com.trusted-domains.example.net'],
    ['%{h}%%%_%-', 'mx.example.org% %20'],
  ])('%s → %s', (spec, expanded) => {
    expect(expandMacros(spec, context)).toBe(expanded);
  });

  it('expands IPv6 as dotted nibbles', () => {
    expect(expandMacros('%{ir}.%{v}._spf.%{d2}', { ...context, ip: '2001:db8::cb01' })).toBe(
      '1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com',
    );
  });
});

describe('checkSpf', () => {
  it('passes a record with explicit networks: no lookups, both IPs authorised', async () => {
    const results = await check(spfAt('example.com', 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all'), [IPV4, IPV6]);
    expect(Object.values(results).every((r) => r.status === 'pass')).toBe(true);
    expect(results['spf.lookups']?.summary).toContain('needs 0 DNS lookups');
    expect(results['spf.authorised.ipv6']?.summary).toContain('ip6:2001:db8::/32 in example.com');
    expect(results['spf.record']?.resolver).toBe('recorded answers');
  });

  it('fails when there is no SPF record, naming other TXT records found there', async () => {
    const results = await check(spfAt('example.com', 'google-site-verification=abc'));
    expect(Object.keys(results)).toEqual(['spf.record']);
    expect(results['spf.record']).toMatchObject({ status: 'fail', summary: 'the SPF record (v=spf1) of example.com is missing' });
    expect(results['spf.record']?.detail).toContain('"google-site-verification=abc"');
    expect((await check({}))['spf.record']?.status).toBe('fail');
  });

  it('fails two SPF records', async () => {
    const results = await check(spfAt('example.com', 'v=spf1 mx -all', 'v=spf1 ip4:192.0.2.10 -all'));
    expect(results['spf.record']).toMatchObject({ status: 'fail', summary: expect.stringContaining('published 2 times') });
  });

  it('fails a syntax error, and reads a record split into several strings', async () => {
    expect((await check(spfAt('example.com', 'v=spf1 ip4:192.0.2.300 -all')))['spf.syntax']).toMatchObject({ status: 'fail' });
    const split = await check({ 'example.com': { TXT: [['v=spf1 ip4:192.0.2.0/24', ' -all']] } });
    expect(split['spf.authorised.ipv4']?.status).toBe('pass');
  });

  it('fails an IP that is not authorised, with the result receivers get', async () => {
    const results = await check(spfAt('example.com', 'v=spf1 ip4:198.51.100.0/24 ~all'));
    expect(results['spf.authorised.ipv4']).toMatchObject({
      status: 'fail',
      summary: `${IPV4} is not authorised to send for example.com: SPF softfail`,
      detail: '~all in example.com',
    });
  });

  it('authorises through a, mx (with a prefix) and include', async () => {
    const hosts: RecordedAnswers = {
      'mail.example.com': { A: [IPV4] },
      'relay.example.com': { A: ['192.0.2.200'] },
      'mx.example.net': { MX: [{ exchange: 'relay.example.com', priority: 5 }] },
      '_spf.provider.example': { TXT: [`v=spf1 ip4:${IPV4} -all`] },
    };
    expect((await check({ ...hosts, ...spfAt('example.com', 'v=spf1 a:mail.example.com -all') }))['spf.authorised.ipv4']?.status).toBe(
      'pass',
    );
    expect((await check({ ...hosts, ...spfAt('example.com', 'v=spf1 mx:mx.example.net/24 -all') }))['spf.authorised.ipv4']?.status).toBe(
      'pass',
    );
    expect((await check({ ...hosts, ...spfAt('example.com', 'v=spf1 mx:mx.example.net -all') }))['spf.authorised.ipv4']?.status).toBe(
      'fail',
    );
    const included = await check({ ...hosts, ...spfAt('example.com', 'v=spf1 include:_spf.provider.example -all') });
    expect(included['spf.authorised.ipv4']).toMatchObject({
      status: 'pass',
      summary: expect.stringContaining('(include:_spf.provider.example in example.com)'),
    });
    expect(included['spf.lookups']?.summary).toContain('needs 1 DNS lookups');
  });

  it('fails 11 DNS lookups through nested includes, and accepts 10', async () => {
    const eleven = await check(includeChain(11));
    expect(eleven['spf.lookups']).toMatchObject({ status: 'fail', summary: expect.stringContaining('needs 11 DNS lookups (limit 10)') });
    expect(eleven['spf.authorised.ipv4']).toMatchObject({ status: 'fail', summary: expect.stringContaining('SPF permerror') });
    const ten = await check(includeChain(10));
    expect(ten['spf.lookups']).toMatchObject({ status: 'pass', summary: expect.stringContaining('needs 10 DNS lookups') });
    expect(ten['spf.authorised.ipv4']?.status).toBe('pass');
  });

  it('counts a, mx, ptr, exists and redirect as lookups, but not ip4/ip6/all', async () => {
    const resolver = new RecordedResolver({
      'example.com': { TXT: ['v=spf1 ip4:198.51.100.1 a mx ptr exists:%{i}.x.example.com redirect=_spf.example.com'] },
      '_spf.example.com': { TXT: ['v=spf1 ip6:2001:db8::/32 -all'] },
    });
    const evaluation = await evaluateSpf(resolver, 'example.com', '203.0.113.1', FQDN);
    expect(evaluation).toMatchObject({ result: 'permerror', lookups: 5 });
    expect(evaluation.voidLookups).toBe(4);
  });

  it('fails 3 void lookups, and accepts 2', async () => {
    const three = await check(spfAt('example.com', `v=spf1 a:gone1.example.com a:gone2.example.com mx:gone3.example.com ip4:${IPV4} -all`));
    expect(three['spf.void-lookups']).toMatchObject({ status: 'fail', summary: expect.stringContaining('3 lookups') });
    expect(three['spf.authorised.ipv4']).toMatchObject({ status: 'fail', detail: '3 DNS lookups and 3 void lookups (limits 10 and 2)' });
    const two = await check(spfAt('example.com', `v=spf1 a:gone1.example.com a:gone2.example.com ip4:${IPV4} -all`));
    expect(two['spf.void-lookups']?.status).toBe('pass');
    expect(two['spf.authorised.ipv4']?.status).toBe('pass');
  });

  it('catches an include loop instead of following it', async () => {
    const resolver = new RecordedResolver({
      'example.com': { TXT: ['v=spf1 include:loop.example.net -all'] },
      'loop.example.net': { TXT: ['v=spf1 include:example.com -all'] },
    });
    const results = byId(await checkSpf(resolver, 'example.com', FQDN, [IPV4]));
    expect(results['spf.includes']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('include loop: example.com → loop.example.net → example.com'),
    });
    expect(resolver.queries.filter((q) => q === 'TXT loop.example.net').length).toBeLessThanOrEqual(2);
  });

  it('fails an include of a domain without SPF, and a nested syntax error', async () => {
    const missing = await check({
      ...spfAt('example.com', `v=spf1 ip4:${IPV4} include:nothing.example.net -all`),
      'nothing.example.net': { A: ['192.0.2.99'] },
    });
    expect(missing['spf.includes']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('include:nothing.example.net: nothing.example.net has no SPF record'),
    });
    const nested = await check({
      ...spfAt('example.com', 'v=spf1 include:bad.example.net -all'),
      ...spfAt('bad.example.net', 'v=spf1 ip4:1.2.3 -all'),
    });
    expect(nested['spf.includes']?.summary).toContain('the SPF record of bad.example.net is invalid');
  });

  it('answers unknown when an include cannot be looked up', async () => {
    const results = await check({ ...spfAt('example.com', 'v=spf1 include:_spf.down.example -all'), '_spf.down.example': 'SERVFAIL' });
    expect(results['spf.lookups']?.status).toBe('unknown');
    expect(results['spf.authorised.ipv4']).toMatchObject({
      status: 'unknown',
      detail: 'TXT _spf.down.example: the resolver answered SERVFAIL',
    });
    expect((await check({ 'example.com': { TXT: 'TIMEOUT' } }))['spf.record']).toMatchObject({
      status: 'unknown',
      detail: 'the resolver did not answer in time',
    });
  });

  it('judges the final all: +all fails, ?all and no all warn, ptr warns', async () => {
    expect((await check(spfAt('example.com', 'v=spf1 +all')))['spf.syntax']?.status).toBe('fail');
    expect((await check(spfAt('example.com', `v=spf1 ip4:${IPV4} ?all`)))['spf.syntax']?.status).toBe('warn');
    expect((await check(spfAt('example.com', `v=spf1 ip4:${IPV4}`)))['spf.syntax']).toMatchObject({
      status: 'warn',
      summary: expect.stringContaining('no all term'),
    });
    const ptr = await check({
      ...spfAt('example.com', 'v=spf1 ptr -all'),
      '10.2.0.192.in-addr.arpa': { PTR: [FQDN] },
      [FQDN]: { A: [IPV4] },
    });
    expect(ptr['spf.syntax']).toMatchObject({ status: 'warn', summary: expect.stringContaining('ptr is slow') });
    expect(ptr['spf.authorised.ipv4']?.status).toBe('pass');
    expect((await check(spfAt('example.com', `v=spf1 ip4:${IPV4} -all`)))['spf.syntax']).toMatchObject({
      status: 'pass',
      summary: expect.stringContaining('ends with -all'),
    });
  });

  it('follows redirect= and exists: with macros', async () => {
    const redirected = await check({
      ...spfAt('example.com', 'v=spf1 redirect=_spf.example.com'),
      ...spfAt('_spf.example.com', `v=spf1 ip4:${IPV4} -all`),
    });
    expect(redirected['spf.authorised.ipv4']?.status).toBe('pass');
    expect(redirected['spf.lookups']?.summary).toContain('needs 1 DNS lookups');
    const exists = await check({
      ...spfAt('example.com', 'v=spf1 exists:%{i}._spf.%{d} -all'),
      [`${IPV4}._spf.example.com`]: { A: ['127.0.0.2'] },
    });
    expect(exists['spf.authorised.ipv4']).toMatchObject({ status: 'pass', summary: expect.stringContaining('exists:%{i}._spf.%{d}') });
    expect(exists['spf.void-lookups']?.summary).toContain('1 void lookups');
  });
});
