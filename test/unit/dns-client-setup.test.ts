import { describe, expect, it } from 'vitest';
import { CLIENT_SERVICES, clientRecords, type ClientService, type Importance } from '../../src/dms/dns-plan.js';
import { checkClientHost, checkSrv, type ServerAddresses } from '../../src/services/dns/checks/client-setup.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import type { SrvRecord } from '../../src/services/dns/resolver.js';
import { FQDN, IPV4, IPV6 } from '../support/dns-fixtures.js';

const service = (name: string): ClientService => {
  const found = CLIENT_SERVICES.find((s) => s.service === name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
};
const srv = (name: string, port: number, priority = 0): SrvRecord => ({ name, port, priority, weight: 1 });

async function srvResult(records: RecordedAnswers[string] | undefined, importance: Importance | undefined = 'optional', name = 'imaps') {
  const answers: RecordedAnswers = records === undefined ? {} : { [`_${name}._tcp.example.com`]: records };
  const [result, ...rest] = await checkSrv(new RecordedResolver(answers), 'example.com', FQDN, service(name), importance);
  expect(rest).toEqual([]);
  return result;
}

describe('checkSrv', () => {
  it('passes a record to the mail host at the service port', async () => {
    expect(await srvResult({ SRV: [srv('mail.example.com.', 993)] })).toMatchObject({
      id: 'srv.imaps',
      status: 'pass',
      summary: '_imaps._tcp.example.com → mail.example.com:993',
    });
  });

  it('passes the "." target that says the service is not offered (RFC 6186), as Node and recorded answers give it', async () => {
    for (const target of ['', '.']) {
      expect(await srvResult({ SRV: [srv(target, 0)] })).toMatchObject({
        status: 'pass',
        summary: '_imaps._tcp.example.com says IMAP over TLS is not offered (target ".")',
      });
    }
  });

  it('judges an absent record by the plan: optional passes, recommended is advice, required fails, unplanned says nothing', async () => {
    expect(await srvResult(undefined, 'optional')).toMatchObject({ status: 'pass', summary: expect.stringContaining('is not published (optional') });
    expect((await srvResult(undefined, 'recommended'))?.status).toBe('advice');
    expect(await srvResult(undefined, 'required')).toMatchObject({
      status: 'fail',
      detail: 'publish: _imaps._tcp.example.com. SRV 0 1 993 mail.example.com.',
    });
    expect(await checkSrv(new RecordedResolver({}), 'example.com', FQDN, service('imap'), undefined)).toEqual([]);
  });

  it('fails a record to another host, one with the wrong port, and "." mixed with real targets', async () => {
    expect(await srvResult({ SRV: [srv('imap.provider.example', 993)] })).toMatchObject({
      status: 'fail',
      summary: '_imaps._tcp.example.com points clients to imap.provider.example:993 (priority 0), not to mail.example.com',
    });
    expect(await srvResult({ SRV: [srv(FQDN, 143)] })).toMatchObject({
      status: 'fail',
      summary: '_imaps._tcp.example.com points clients to the wrong port: mail.example.com:143 (priority 0)',
      detail: 'expected: _imaps._tcp.example.com. SRV 0 1 993 mail.example.com.',
    });
    expect(await srvResult({ SRV: [srv('', 0), srv(FQDN, 993)] })).toMatchObject({ status: 'fail', summary: expect.stringContaining('mixes') });
  });

  it('checks an unplanned service when it is published: _imap._tcp at port 143', async () => {
    expect(await srvResult({ SRV: [srv(FQDN, 143)] }, undefined, 'imap')).toMatchObject({ id: 'srv.imap', status: 'pass' });
    expect((await srvResult({ SRV: [srv(FQDN, 993)] }, undefined, 'imap'))?.status).toBe('fail');
  });

  it('warns when another target is preferred, and is unknown when the lookup fails', async () => {
    expect(await srvResult({ SRV: [srv('backup.example.net', 993, 0), srv(FQDN, 993, 10)] })).toMatchObject({
      status: 'warn',
      summary: '_imaps._tcp.example.com prefers other targets to mail.example.com:993',
    });
    expect((await srvResult({ SRV: 'SERVFAIL' }))?.status).toBe('unknown');
  });

  it('keeps control characters in a target out of the summary', async () => {
    const result = await srvResult({ SRV: [srv('evil\x1b[2J.example', 993)] });
    expect(result?.summary).not.toContain('\x1b');
  });
});

describe('checkClientHost', () => {
  const [autoconfig] = clientRecords('example.com', FQDN);
  const server: ServerAddresses = { ipv4: IPV4, ipv6: IPV6 };
  const check = async (answers: RecordedAnswers, addresses = server) => {
    const [result] = await checkClientHost(new RecordedResolver({ [FQDN]: { A: [IPV4], AAAA: [IPV6] }, ...answers }), autoconfig!, FQDN, addresses);
    return result;
  };

  it('passes a CNAME to the mail host, and addresses that are the server\'s', async () => {
    expect(await check({ 'autoconfig.example.com': { CNAME: FQDN } })).toMatchObject({
      id: 'autoconfig.target',
      status: 'pass',
      summary: 'autoconfig.example.com is a CNAME to mail.example.com',
    });
    expect(await check({ 'autoconfig.example.com': { A: [IPV4] } })).toMatchObject({
      status: 'pass',
      summary: "autoconfig.example.com resolves to the server's 192.0.2.10",
    });
  });

  it('fails addresses that are not the server\'s, directly or behind a CNAME elsewhere', async () => {
    expect(await check({ 'autoconfig.example.com': { A: ['198.51.100.7'] } })).toMatchObject({
      status: 'fail',
      summary: "autoconfig.example.com resolves to 198.51.100.7, not to mail.example.com's 192.0.2.10, 2001:db8::10",
    });
    const elsewhere = await check({ 'autoconfig.example.com': { CNAME: 'web.example.net' }, 'web.example.net': { A: [IPV4], AAAA: ['2001:db8::99'] } });
    expect(elsewhere).toMatchObject({ status: 'fail', summary: expect.stringContaining('(a CNAME to web.example.net) resolves to 192.0.2.10, 2001:db8::99') });
    expect((await check({ 'autoconfig.example.com': { CNAME: 'gone.example.net' } }))?.summary).toContain('has no address');
  });

  it('passes an absent optional name, and is unknown when it cannot look or compare', async () => {
    expect(await check({})).toMatchObject({ status: 'pass', summary: expect.stringContaining('autoconfig.example.com is not published (optional') });
    expect((await check({ 'autoconfig.example.com': 'SERVFAIL' }))?.status).toBe('unknown');
    expect((await check({ 'autoconfig.example.com': { A: [IPV4] } }, {}))?.status).toBe('unknown');
  });
});
