import { describe, expect, it } from 'vitest';
import { checkDnsbl, classifyListing, DEFAULT_DNSBLS, dnsblQueryName, type Dnsbl } from '../../src/services/dns/checks/dnsbl.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import { IPV4, IPV6 } from '../support/dns-fixtures.js';

const ZEN: Dnsbl = { zone: 'zen.spamhaus.org', lists: 'ip', ipv6: true };
const SPAMCOP: Dnsbl = { zone: 'bl.spamcop.net', lists: 'ip' };
const DBL: Dnsbl = { zone: 'dbl.spamhaus.org', lists: 'domain', refusals: ['127.0.1.255'] };
const URIBL: Dnsbl = { zone: 'multi.uribl.com', lists: 'domain', refusals: ['127.0.0.1'] };

async function check(answers: RecordedAnswers, subject: { ip: string } | { domain: string }, lists: Dnsbl[]) {
  const resolver = new RecordedResolver(answers);
  const [result] = await checkDnsbl(resolver, subject, lists);
  return { result, queries: resolver.queries };
}

describe('dnsblQueryName', () => {
  it('reverses IPv4 octets and IPv6 nibbles under the zone, and puts domains as they are', () => {
    expect(dnsblQueryName({ ip: IPV4 }, ZEN)).toBe('10.2.0.192.zen.spamhaus.org');
    expect(dnsblQueryName({ ip: IPV6 }, ZEN)).toBe('0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org');
    expect(dnsblQueryName({ domain: 'Example.com.' }, DBL)).toBe('example.com.dbl.spamhaus.org');
  });
});

describe('classifyListing', () => {
  it('tells listing codes from refusals', () => {
    expect(classifyListing(['127.0.0.2', '127.0.0.4'], ZEN)).toEqual({ listed: ['127.0.0.2', '127.0.0.4'], refused: [] });
    expect(classifyListing(['127.255.255.254'], ZEN)).toEqual({ listed: [], refused: ['127.255.255.254'] });
    expect(classifyListing(['127.0.1.255'], DBL)).toEqual({ listed: [], refused: ['127.0.1.255'] });
    expect(classifyListing(['127.0.0.1'], URIBL).refused).toEqual(['127.0.0.1']);
    expect(classifyListing(['192.0.2.53'], ZEN).refused).toEqual(['192.0.2.53']);
  });
});

describe('checkDnsbl', () => {
  it("fails a listed IP, with the code and the list's reason", async () => {
    const { result } = await check(
      { '10.2.0.192.zen.spamhaus.org': { A: ['127.0.0.2'], TXT: ['Listed by SBL, see https://check.spamhaus.org/'] } },
      { ip: IPV4 },
      [ZEN, SPAMCOP],
    );
    expect(result).toMatchObject({ id: 'dnsbl.ipv4', status: 'fail', summary: `${IPV4} is listed on zen.spamhaus.org` });
    expect(result?.detail).toBe('zen.spamhaus.org: 127.0.0.2 (Listed by SBL, see https://check.spamhaus.org/)');
  });

  it('reports 127.255.255.254 as unknown, not as listed', async () => {
    const { result } = await check({ '10.2.0.192.zen.spamhaus.org': { A: ['127.255.255.254'] } }, { ip: IPV4 }, [ZEN]);
    expect(result).toMatchObject({
      status: 'unknown',
      summary: `could not check ${IPV4} on any block list`,
      detail: 'zen.spamhaus.org: 127.255.255.254 (queries through public or open resolvers are refused)',
    });
  });

  it('passes when one list answers clean and another refuses, saying so', async () => {
    const { result } = await check({ '10.2.0.192.zen.spamhaus.org': { A: ['127.255.255.255'] } }, { ip: IPV4 }, [ZEN, SPAMCOP]);
    expect(result).toMatchObject({ status: 'pass', summary: `${IPV4} is not listed on bl.spamcop.net (1 more did not answer)` });
    expect(result?.detail).toContain('rate-limited');
  });

  it('says unknown when the lists do not answer', async () => {
    const down = await check({ '10.2.0.192.zen.spamhaus.org': 'REFUSED', '10.2.0.192.bl.spamcop.net': 'TIMEOUT' }, { ip: IPV4 }, [
      ZEN,
      SPAMCOP,
    ]);
    expect(down.result).toMatchObject({
      status: 'unknown',
      detail: 'zen.spamhaus.org: the resolver answered REFUSED\nbl.spamcop.net: the resolver did not answer in time',
    });
  });

  it('asks only IPv6-capable lists about IPv6, and domain lists about domains', async () => {
    const v6 = await check({}, { ip: IPV6 }, [ZEN, SPAMCOP, DBL]);
    expect(v6.result).toMatchObject({ id: 'dnsbl.ipv6', status: 'pass' });
    expect(v6.queries).toEqual([`A ${dnsblQueryName({ ip: IPV6 }, ZEN)}`]);
    const domain = await check(
      { 'example.com.dbl.spamhaus.org': { A: ['127.0.1.2'] }, 'example.com.multi.uribl.com': { A: ['127.0.0.1'] } },
      { domain: 'example.com' },
      [ZEN, DBL, URIBL],
    );
    expect(domain.result).toMatchObject({ id: 'dnsbl.domain', status: 'fail', summary: 'example.com is listed on dbl.spamhaus.org' });
    expect(domain.result?.detail).toContain('multi.uribl.com: 127.0.0.1 (not a listing answer)');
    expect(await checkDnsbl(new RecordedResolver({}), { ip: IPV6 }, [SPAMCOP])).toEqual([]);
  });

  it('knows common lists for IPs and domains', () => {
    expect(DEFAULT_DNSBLS.filter((l) => l.lists === 'ip').map((l) => l.zone)).toContain('zen.spamhaus.org');
    expect(DEFAULT_DNSBLS.filter((l) => l.lists === 'domain').map((l) => l.zone)).toContain('dbl.spamhaus.org');
  });
});
