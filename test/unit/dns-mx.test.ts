import { describe, expect, it } from 'vitest';
import { checkMailHost, checkMx } from '../../src/services/dns/checks/mx.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import { byId, FQDN, IPV4, IPV6 } from '../support/dns-fixtures.js';

const mx = (...hosts: [string, number][]): RecordedAnswers => ({
  'example.com': { MX: hosts.map(([exchange, priority]) => ({ exchange, priority })) },
});

async function checkDomain(answers: RecordedAnswers) {
  return byId(await checkMx(new RecordedResolver(answers), 'example.com', FQDN));
}

async function checkHost(answers: RecordedAnswers, ips: { ipv4?: string; ipv6?: string } = { ipv4: IPV4, ipv6: IPV6 }) {
  return byId(await checkMailHost(new RecordedResolver(answers), FQDN, ips));
}

describe('checkMx', () => {
  it('passes an MX pointing to the FQDN', async () => {
    const results = await checkDomain(mx([`${FQDN}.`, 10]));
    expect(results['mx.present']).toMatchObject({ status: 'pass', summary: 'example.com has MX 10 mail.example.com' });
    expect(results['mx.target']?.status).toBe('pass');
  });

  it('fails a missing MX, telling what to publish, and explains the implicit MX when the domain has an address', async () => {
    expect((await checkDomain({ 'example.com': { A: [IPV4] } }))['mx.present']).toMatchObject({
      status: 'fail',
      summary: 'example.com has no MX record',
      detail: `senders fall back to example.com's own address (${IPV4}: the implicit MX of RFC 5321 §5.1), which is not the mail server's name; publish: example.com. MX 10 mail.example.com.`,
    });
    expect((await checkDomain({}))['mx.present']).toMatchObject({ status: 'fail', detail: 'publish: example.com. MX 10 mail.example.com.' });
  });

  it('names the cause when the MX target cannot take mail: a CNAME, no address, an IP literal', async () => {
    const cname = await checkDomain({ ...mx(['mx.example.com', 10]), 'mx.example.com': { CNAME: 'mail.example.com' } });
    expect(cname['mx.target-cname']).toMatchObject({
      status: 'fail',
      summary: 'the MX target mx.example.com is a CNAME to mail.example.com: mail to example.com cannot be delivered',
      detail: expect.stringContaining('RFC 2181 §10.3 forbids it'),
    });
    const nowhere = await checkDomain(mx(['mx.example.com', 10]));
    expect(nowhere['mx.target-address']?.summary).toBe('the MX target mx.example.com has no A/AAAA record: mail to example.com cannot be delivered');
    expect(nowhere['mx.target']?.status).toBe('fail');
    const literal = await checkDomain(mx(['192.0.2.7', 10]));
    expect(literal['mx.target-ip']).toMatchObject({ status: 'fail', summary: expect.stringContaining('the MX target 192.0.2.7 is an IP address') });
  });

  it('warns when one of several MX targets is broken, and says nothing of a target that works', async () => {
    const results = await checkDomain({ ...mx([`${FQDN}.`, 10], ['backup.example.com', 20], ['relay.example.net', 30]), 'relay.example.net': { A: ['198.51.100.9'] } });
    expect(results['mx.target-address']).toMatchObject({
      status: 'warn',
      summary: 'the MX target backup.example.com has no A/AAAA record (one of several MX targets of example.com)',
    });
    expect(Object.keys(results).sort()).toEqual(['mx.present', 'mx.target', 'mx.target-address']);
    expect(results['mx.target']?.status).toBe('pass');
  });

  it('fails an MX pointing elsewhere, and a null MX', async () => {
    expect((await checkDomain(mx(['mx.provider.example', 10])))['mx.target']).toMatchObject({
      status: 'fail',
      summary: 'the MX of example.com points to 10 mx.provider.example, not to mail.example.com',
    });
    expect((await checkDomain(mx(['', 0])))['mx.present']?.summary).toContain('null MX');
  });

  it('tells another name for the server from another server: by the addresses the MX target resolves to', async () => {
    const sameMachine = await checkDomain({ ...mx(['mx.example.com', 10]), 'mx.example.com': { A: [IPV4] }, [FQDN]: { A: [IPV4] } });
    expect(sameMachine['mx.target']).toMatchObject({
      status: 'warn',
      summary: "the MX of example.com points to mx.example.com, which has the server's address but is not its name mail.example.com",
      detail: expect.stringContaining('expect mx.example.com in it'),
    });
    const elsewhere = await checkDomain({ ...mx(['mx.provider.example', 10]), 'mx.provider.example': { A: ['198.51.100.9'] }, [FQDN]: { A: [IPV4] } });
    expect(elsewhere['mx.target']).toMatchObject({
      status: 'fail',
      summary: `the MX of example.com points to 10 mx.provider.example (198.51.100.9), not to mail.example.com (${IPV4})`,
    });
    const given = byId(await checkMx(new RecordedResolver({ ...mx(['mx.example.com', 10]), 'mx.example.com': { AAAA: [IPV6] } }), 'example.com', FQDN, { ipv6: IPV6 }));
    expect(given['mx.target']?.status).toBe('warn');
  });

  it('warns when the FQDN is only a backup MX', async () => {
    const results = await checkDomain(mx([FQDN, 20], ['mx.provider.example', 10]));
    expect(results['mx.target']).toMatchObject({
      status: 'warn',
      detail: 'senders try 10 mx.provider.example, 20 mail.example.com in that order',
    });
  });

  it('says unknown when the MX cannot be looked up', async () => {
    expect((await checkDomain({ 'example.com': { MX: 'SERVFAIL' } }))['mx.present']?.status).toBe('unknown');
  });
});

describe('checkMailHost', () => {
  it("passes an FQDN with the server's A and AAAA, and no CNAME", async () => {
    const results = await checkHost({ [FQDN]: { A: [IPV4], AAAA: ['2001:DB8:0::10'] } });
    expect(Object.values(results).map((r) => [r.id, r.status])).toEqual([
      ['fqdn.cname', 'pass'],
      ['fqdn.a', 'pass'],
      ['fqdn.aaaa', 'pass'],
    ]);
  });

  it('fails an FQDN that is a CNAME, though its target has the address', async () => {
    const results = await checkHost({ [FQDN]: { CNAME: 'host7.hosting.example' }, 'host7.hosting.example': { A: [IPV4] } }, { ipv4: IPV4 });
    expect(results['fqdn.cname']).toMatchObject({ status: 'fail', summary: 'mail.example.com is a CNAME to host7.hosting.example' });
    expect(results['fqdn.a']?.status).toBe('pass');
  });

  it('fails missing or wrong addresses', async () => {
    const results = await checkHost({ [FQDN]: { A: ['198.51.100.7'] } });
    expect(results['fqdn.a']).toMatchObject({
      status: 'fail',
      summary: "the A of mail.example.com is 198.51.100.7, not the server's 192.0.2.10",
    });
    expect(results['fqdn.aaaa']).toMatchObject({ status: 'fail', summary: 'mail.example.com has no AAAA record' });
  });

  it('without known IPs, reports what it finds, and fails a host without any address', async () => {
    expect((await checkHost({ [FQDN]: { A: [IPV4] } }, {}))['fqdn.a']).toMatchObject({
      status: 'pass',
      summary: `mail.example.com has A ${IPV4}`,
    });
    expect((await checkHost({}, {}))['fqdn.address']?.status).toBe('fail');
  });
});
