import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dkimKeyFromZoneText } from '../../src/dms/dkim-key.js';
import { reverseName } from '../../src/dms/dns-ip.js';
import { isWithin } from '../../src/dms/dns-name.js';
import { mtaStsPolicy, planRecords, splitTxt, toZoneSnippet } from '../../src/dms/dns-plan.js';
import { CLIENT_SERVICES, clientRecords } from '../../src/dms/dns-plan.js';
import { checkClientHost, checkSrv } from '../../src/services/dns/checks/client-setup.js';
import { checkDkim } from '../../src/services/dns/checks/dkim.js';
import { checkDmarc } from '../../src/services/dns/checks/dmarc.js';
import { checkDnsbl, type Dnsbl } from '../../src/services/dns/checks/dnsbl.js';
import { checkMailHost, checkMx } from '../../src/services/dns/checks/mx.js';
import { checkPtr } from '../../src/services/dns/checks/ptr.js';
import { checkSpf } from '../../src/services/dns/checks/spf.js';
import { createNodeResolver, type DnsResolver } from '../../src/services/dns/resolver.js';
import { runChecks } from '../../src/services/dns/run-checks.js';
import { byId, IPV4, IPV6, KEY_2048, KEY_512, OPENDKIM_MAIL_TXT, OTHER_KEY_2048 } from '../support/dns-fixtures.js';
import { startAuthoritativeDns, type AuthoritativeDns, type TestZone } from '../support/dns-server.js';

/**
 * The DNS checks through Node's resolver against a real authoritative server (Knot) on loopback: a zone written from
 * planRecords' own zone snippet passes every rule, and zones that break MX, SPF, DKIM, DMARC, PTR and DNSBL rules fail.
 */

const FQDN = 'mail.good.test';
const dkim = dkimKeyFromZoneText(OPENDKIM_MAIL_TXT)!;
const target = { domains: ['good.test'], fqdn: FQDN, ipv4: IPV4, ipv6: IPV6, dkim };
const plan = planRecords({ ...target, reportAddress: 'postmaster@good.test' });
/** A correct minimal domain: MX, SPF, DKIM and DMARC p=none, nothing optional. */
const minimalPlan = planRecords({ ...target, domains: ['minimal.test'] })
  .filter((r) => isWithin(r.name, 'minimal.test') && r.importance === 'required')
  .map((r) => (r.name.startsWith('_dmarc.') ? { ...r, value: 'v=DMARC1; p=none' } : r));
const ZEN: Dnsbl = { zone: 'zen.spamhaus.org', lists: 'ip', ipv6: true };
const SPAMCOP: Dnsbl = { zone: 'bl.spamcop.net', lists: 'ip' };

const chain = Array.from({ length: 11 }, (_, i) =>
  i < 10 ? `l${i + 1}.chain TXT "v=spf1 include:l${i + 2}.chain.broken.test -all"` : `l11.chain TXT "v=spf1 ip4:${IPV4} -all"`,
);

const zones: TestZone[] = [
  { origin: 'good.test', records: toZoneSnippet(plan.filter((r) => isWithin(r.name, 'good.test'))) },
  {
    origin: 'broken.test',
    records: [
      `no-mx A ${IPV4}`,
      'elsewhere MX 10 mx.provider.test.',
      'mx-cname MX 10 alias.broken.test.',
      'mx-noaddr MX 10 nothing.broken.test.',
      `mx-one-broken MX 10 ${FQDN}.`,
      'mx-one-broken MX 20 nothing.broken.test.',
      'alias CNAME host7.broken.test.',
      `host7 A ${IPV4}`,
      'two-spf TXT "v=spf1 mx -all"',
      `two-spf TXT "v=spf1 ip4:${IPV4} -all"`,
      'other-ip-spf TXT "v=spf1 ip4:198.51.100.0/24 -all"',
      'bad-syntax-spf TXT "v=spf1 ip4:192.0.2.300 -all"',
      'deep-spf TXT "v=spf1 include:l1.chain.broken.test -all"',
      ...chain,
      `void-spf TXT "v=spf1 a:gone1.broken.test a:gone2.broken.test mx:gone3.broken.test ip4:${IPV4} -all"`,
      'loop-spf TXT "v=spf1 include:loop2.broken.test -all"',
      'loop2 TXT "v=spf1 include:loop-spf.broken.test -all"',
      `mail._domainkey.dkim-cut TXT "${`v=DKIM1; k=rsa; p=${KEY_2048}`.slice(0, 255)}"`,
      `mail._domainkey.dkim-512 TXT "v=DKIM1; k=rsa; p=${KEY_512}"`,
      `mail._domainkey.dkim-other TXT ( ${splitTxt(`v=DKIM1; k=rsa; p=${OTHER_KEY_2048}`).join(' ')} )`,
      '_dmarc.dmarc-bad TXT "v=DMARC1; p=bogus"',
      '_dmarc.dmarc-two TXT "v=DMARC1; p=none"',
      '_dmarc.dmarc-two TXT "v=DMARC1; p=reject"',
      '_dmarc.dmarc-ext TXT "v=DMARC1; p=reject; rua=mailto:dmarc@reports.test"',
      '_dmarc.dmarc-authorised TXT "v=DMARC1; p=reject; rua=mailto:dmarc@reports.test"',
      `_imaps._tcp.srv-right SRV 0 1 993 ${FQDN}.`,
      `_imaps._tcp.srv-port SRV 0 1 143 ${FQDN}.`,
      '_imaps._tcp.srv-elsewhere SRV 0 1 993 imap.provider.test.',
      '_imaps._tcp.srv-none SRV 0 0 0 .',
      `autoconfig.srv-right CNAME ${FQDN}.`,
      'autoconfig.srv-port A 198.51.100.7',
    ].join('\n'),
  },
  { origin: 'minimal.test', records: toZoneSnippet(minimalPlan) },
  { origin: 'parent.test', records: ['_dmarc TXT "v=DMARC1; p=none; sp=reject"', 'lists MX 10 mail.good.test.'].join('\n') },
  { origin: 'reports.test', records: 'dmarc-authorised.broken.test._report._dmarc TXT "v=DMARC1"' },
  {
    origin: '2.0.192.in-addr.arpa',
    records: [`${reverseName(IPV4)}. PTR ${FQDN}.`, '11 PTR nowhere.good.test.'].join('\n'),
  },
  { origin: '0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa', records: `${reverseName(IPV6)}. PTR ${FQDN}.` },
  {
    origin: 'zen.spamhaus.org',
    records: ['12.2.0.192 A 127.0.0.2', '12.2.0.192 TXT "Listed in the test SBL"', '11.2.0.192 A 127.255.255.254'].join('\n'),
  },
];

const fetchPolicy = (url: string): Promise<string> =>
  url === 'https://mta-sts.good.test/.well-known/mta-sts.txt'
    ? Promise.resolve(mtaStsPolicy({ domain: 'good.test', mx: [FQDN], mode: 'testing' }).text)
    : Promise.reject(new Error(`no policy served at ${url}`));

let dns: AuthoritativeDns;
let resolver: DnsResolver;

beforeAll(async () => {
  dns = await startAuthoritativeDns(zones, (line) => void process.stderr.write(`[dns] ${line}\n`));
  resolver = createNodeResolver({ server: dns.server, timeoutMs: 2000, tries: 1 });
});

afterAll(async () => {
  await dns?.stop();
});

describe('the Node resolver against Knot', () => {
  it('classifies NXDOMAIN and NODATA as void, and REFUSED as unknown', async () => {
    expect(await resolver.resolveTxt('nothing-here.good.test')).toEqual({ kind: 'void', code: 'NXDOMAIN' });
    expect(await resolver.resolveMx(FQDN)).toEqual({ kind: 'void', code: 'NODATA' });
    expect(await resolver.resolve4('example.com')).toMatchObject({ kind: 'unknown', code: 'REFUSED' });
    expect(resolver.label).toBe(dns.server);
  });

  it('reads the DKIM key that the zone snippet split into 255-byte strings', async () => {
    const answer = await resolver.resolveTxt(`mail._domainkey.good.test`);
    expect(answer.kind === 'records' && answer.records[0]?.map((s) => s.length)).toEqual([
      255,
      `v=DKIM1; k=rsa; p=${KEY_2048}`.length - 255,
    ]);
  });
});

describe('a zone written from the plan', () => {
  it('passes every rule', async () => {
    const report = await runChecks(target, { resolver, fetchPolicy, dnsbls: [ZEN] });
    const notPassing = [...report.host, ...report.domains.flatMap((d) => d.results)].filter((r) => r.status !== 'pass');
    expect(notPassing).toEqual([]);
    expect(report.domains[0]?.results.length).toBeGreaterThan(15);
    expect(report.exitStatus).toBe(0);
  });
});

describe('a correct minimal domain (SPF, DKIM, DMARC p=none; no MTA-STS, TLS-RPT or client records)', () => {
  it('has no warning and no failure, only advice, and exits 0; --strict would exit 1', async () => {
    const report = await runChecks({ ...target, domains: ['minimal.test'] }, { resolver, fetchPolicy, dnsbls: [] });
    const results = report.domains[0]?.results ?? [];
    expect(results.filter((r) => r.status === 'warn' || r.status === 'fail' || r.status === 'unknown')).toEqual([]);
    expect(results.filter((r) => r.status === 'advice').map((r) => r.id).sort()).toEqual(['dmarc.policy', 'dmarc.reports', 'mta-sts.record', 'tls-rpt.record']);
    expect(report.exitStatus).toBe(0);
  });
});

describe('zones that break the rules', () => {
  it('MX: missing (implicit MX explained), pointing elsewhere, a CNAME or address-less target, a CNAME as the mail host', async () => {
    expect(byId(await checkMx(resolver, 'no-mx.broken.test', FQDN))['mx.present']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(`senders fall back to no-mx.broken.test's own address (${IPV4}: the implicit MX`),
    });
    // The cause, not only "points elsewhere": a CNAME target, a target without address, one broken target of two.
    expect(byId(await checkMx(resolver, 'mx-cname.broken.test', FQDN))['mx.target-cname']).toMatchObject({
      status: 'fail',
      summary: 'the MX target alias.broken.test is a CNAME to host7.broken.test: mail to mx-cname.broken.test cannot be delivered',
    });
    expect(byId(await checkMx(resolver, 'mx-noaddr.broken.test', FQDN))['mx.target-address']?.status).toBe('fail');
    const oneBroken = byId(await checkMx(resolver, 'mx-one-broken.broken.test', FQDN));
    expect(oneBroken['mx.target-address']).toMatchObject({ status: 'warn', summary: expect.stringContaining('one of several MX targets') });
    expect(oneBroken['mx.target']?.status).toBe('pass');
    expect(byId(await checkMx(resolver, 'elsewhere.broken.test', FQDN))['mx.target']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('mx.provider.test'),
    });
    const alias = byId(await checkMailHost(resolver, 'alias.broken.test', { ipv4: IPV4 }));
    expect(alias['fqdn.cname']).toMatchObject({ status: 'fail', summary: 'alias.broken.test is a CNAME to host7.broken.test' });
    expect(alias['fqdn.a']?.status).toBe('pass');
  });

  it('SPF: two records, a syntax error, an IP not authorised, 11 nested lookups, 3 void lookups, an include loop', async () => {
    const spf = async (domain: string) => byId(await checkSpf(resolver, domain, FQDN, [IPV4]));
    expect((await spf('none.broken.test'))['spf.record']?.status).toBe('fail');
    expect((await spf('two-spf.broken.test'))['spf.record']?.summary).toContain('published 2 times');
    expect((await spf('bad-syntax-spf.broken.test'))['spf.syntax']?.status).toBe('fail');
    expect((await spf('other-ip-spf.broken.test'))['spf.authorised.ipv4']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('SPF fail'),
    });
    const deep = await spf('deep-spf.broken.test');
    expect(deep['spf.lookups']).toMatchObject({ status: 'fail', summary: expect.stringContaining('needs 11 DNS lookups') });
    expect((await spf('void-spf.broken.test'))['spf.void-lookups']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('3 lookups'),
    });
    expect((await spf('loop-spf.broken.test'))['spf.includes']?.summary).toContain(
      'include loop: loop-spf.broken.test → loop2.broken.test → loop-spf.broken.test',
    );
  });

  it('DKIM: missing, cut at 255 characters, 512 bits, another key', async () => {
    const dkimOf = async (domain: string) => byId(await checkDkim(resolver, domain, dkim));
    expect((await dkimOf('nothing.broken.test'))['dkim.record']?.status).toBe('fail');
    expect((await dkimOf('dkim-cut.broken.test'))['dkim.key']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('is cut short'),
    });
    expect((await dkimOf('dkim-512.broken.test'))['dkim.key-size']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('512 bits'),
    });
    expect((await dkimOf('dkim-other.broken.test'))['dkim.key']?.summary).toContain('not the key the server signs with');
  });

  it('DMARC: missing, two records, a bad p=, an external destination with and without authorisation', async () => {
    const dmarcOf = async (domain: string) => byId(await checkDmarc(resolver, domain));
    expect((await dmarcOf('no-mx.broken.test'))['dmarc.record']?.status).toBe('fail');
    expect((await dmarcOf('dmarc-two.broken.test'))['dmarc.record']?.summary).toContain('published 2 times');
    expect((await dmarcOf('dmarc-bad.broken.test'))['dmarc.policy']?.summary).toContain("p=: 'bogus' is not none, quarantine, reject");
    expect((await dmarcOf('dmarc-ext.broken.test'))['dmarc.report-auth']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('reports.test has not authorised'),
    });
    expect((await dmarcOf('dmarc-authorised.broken.test'))['dmarc.report-auth']?.status).toBe('pass');
  });

  it('DMARC: a subdomain without a record gets the sp= of its organisational domain', async () => {
    const lists = byId(await checkDmarc(resolver, 'lists.parent.test'));
    expect(lists['dmarc.record']).toMatchObject({
      status: 'pass',
      summary: 'lists.parent.test has no DMARC record of its own: the policy of parent.test applies (RFC 7489 §6.6.3)',
    });
    expect(lists['dmarc.policy']?.summary).toBe('the DMARC policy of lists.parent.test is sp=reject, inherited from parent.test');
    expect(byId(await checkDmarc(resolver, 'parent.test'))['dmarc.policy']?.status).toBe('advice');
  });

  it('SRV: to the mail host at the right port, the wrong port, another host, and "." (not offered)', async () => {
    const imaps = CLIENT_SERVICES.find((s) => s.service === 'imaps')!;
    const srv = async (domain: string) => (await checkSrv(resolver, domain, FQDN, imaps, 'optional'))[0];
    expect(await srv('srv-right.broken.test')).toMatchObject({ status: 'pass', summary: `_imaps._tcp.srv-right.broken.test → ${FQDN}:993` });
    expect(await srv('srv-port.broken.test')).toMatchObject({ status: 'fail', summary: expect.stringContaining('the wrong port') });
    expect(await srv('srv-elsewhere.broken.test')).toMatchObject({ status: 'fail', summary: expect.stringContaining('imap.provider.test:993') });
    expect(await srv('srv-none.broken.test')).toMatchObject({ status: 'pass', summary: expect.stringContaining('is not offered (target ".")') });
    expect(await srv('no-mx.broken.test')).toMatchObject({ status: 'pass', summary: expect.stringContaining('is not published (optional') });
  });

  it('autoconfig: a CNAME to the mail host passes, an address elsewhere fails', async () => {
    const autoconfig = (domain: string) => checkClientHost(resolver, clientRecords(domain, FQDN)[0]!, FQDN, { ipv4: IPV4, ipv6: IPV6 });
    expect((await autoconfig('srv-right.broken.test'))[0]?.status).toBe('pass');
    expect((await autoconfig('srv-port.broken.test'))[0]).toMatchObject({
      status: 'fail',
      summary: `autoconfig.srv-port.broken.test resolves to 198.51.100.7, not to ${FQDN}'s ${IPV4}, ${IPV6}`,
    });
  });

  it('PTR: missing, and not forward-confirming', async () => {
    const ptr = byId(await checkPtr(resolver, FQDN, ['192.0.2.11']));
    expect(ptr['ptr.ipv4']).toMatchObject({ status: 'fail', summary: expect.stringContaining('does not resolve back to 192.0.2.11') });
    expect(byId(await checkPtr(resolver, FQDN, ['192.0.2.13']))['ptr.ipv4']).toMatchObject({
      status: 'fail',
      summary: '192.0.2.13 has no PTR record',
    });
  });

  it('DNSBL: a listed IP fails; 127.255.255.254 and a refusing list are unknown, not listed', async () => {
    const [listed] = await checkDnsbl(resolver, { ip: '192.0.2.12' }, [ZEN]);
    expect(listed).toMatchObject({ status: 'fail', detail: 'zen.spamhaus.org: 127.0.0.2 (Listed in the test SBL)' });
    const [refused] = await checkDnsbl(resolver, { ip: '192.0.2.11' }, [ZEN, SPAMCOP]);
    expect(refused).toMatchObject({ status: 'unknown', summary: 'could not check 192.0.2.11 on any block list' });
    expect(refused?.detail).toBe(
      'zen.spamhaus.org: 127.255.255.254 (queries through public or open resolvers are refused)\nbl.spamcop.net: the resolver answered REFUSED',
    );
  });
});
