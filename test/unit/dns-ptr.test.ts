import { describe, expect, it } from 'vitest';
import { checkPtr } from '../../src/services/dns/checks/ptr.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import { byId, FQDN, IPV4, IPV6 } from '../support/dns-fixtures.js';

const REVERSE4 = '10.2.0.192.in-addr.arpa';
const REVERSE6 = '0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa';

async function check(answers: RecordedAnswers, ips = [IPV4, IPV6]) {
  return byId(await checkPtr(new RecordedResolver(answers), FQDN, ips));
}

describe('checkPtr', () => {
  it('passes forward-confirmed PTRs for IPv4 and IPv6', async () => {
    const results = await check({ [REVERSE4]: { PTR: [`${FQDN}.`] }, [REVERSE6]: { PTR: [FQDN] }, [FQDN]: { A: [IPV4], AAAA: [IPV6] } });
    expect(results['ptr.ipv4']).toMatchObject({ status: 'pass', summary: `${IPV4} ↔ ${FQDN} (forward-confirmed reverse DNS)` });
    expect(results['ptr.ipv6']?.status).toBe('pass');
  });

  it('fails a missing PTR, asking the hosting provider', async () => {
    const results = await check({ [FQDN]: { A: [IPV4] } }, [IPV4]);
    expect(results['ptr.ipv4']).toMatchObject({
      status: 'fail',
      summary: `${IPV4} has no PTR record`,
      detail: `ask your hosting provider to set the PTR of ${IPV4} to ${FQDN}`,
    });
  });

  it('fails a PTR whose name does not resolve back to the IP', async () => {
    const results = await check({
      [REVERSE4]: { PTR: ['static-10.hosting.example'] },
      'static-10.hosting.example': { A: ['198.51.100.10'] },
      [REVERSE6]: { PTR: [FQDN] },
      [FQDN]: { A: [IPV4] },
    });
    expect(results['ptr.ipv4']).toMatchObject({
      status: 'fail',
      summary: `the PTR of ${IPV4} (static-10.hosting.example) does not resolve back to ${IPV4}`,
    });
    expect(results['ptr.ipv6']).toMatchObject({ status: 'fail', summary: expect.stringContaining('does not resolve back') });
  });

  it('warns when the PTR confirms but is not the FQDN', async () => {
    const results = await check({ [REVERSE4]: { PTR: ['static-10.hosting.example'] }, 'static-10.hosting.example': { A: [IPV4] } }, [IPV4]);
    expect(results['ptr.ipv4']).toMatchObject({ status: 'warn', summary: `the PTR of ${IPV4} is static-10.hosting.example, not ${FQDN}` });
  });

  it('says unknown when the reverse or the forward lookup fails', async () => {
    expect((await check({ [REVERSE4]: 'SERVFAIL' }, [IPV4]))['ptr.ipv4']?.status).toBe('unknown');
    expect((await check({ [REVERSE4]: { PTR: [FQDN] }, [FQDN]: { A: 'TIMEOUT' } }, [IPV4]))['ptr.ipv4']?.status).toBe('unknown');
  });
});
