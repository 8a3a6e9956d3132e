import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DkimKey } from '../../src/dms/dkim-key.js';
import { reverseName } from '../../src/dms/dns-ip.js';
import { isWithin } from '../../src/dms/dns-name.js';
import { mtaStsPolicy, planRecords, toZoneSnippet, type PlannedRecord } from '../../src/dms/dns-plan.js';
import type { CheckResult } from '../../src/services/dns/check-result.js';
import type { Dnsbl } from '../../src/services/dns/checks/dnsbl.js';
import { createNodeResolver, type DnsResolver } from '../../src/services/dns/resolver.js';
import { runChecks, type DnsCheckTarget } from '../../src/services/dns/run-checks.js';
import { IPV4, IPV6, KEY_1024, KEY_2048, KEY_512, OTHER_KEY_2048 } from '../support/dns-fixtures.js';
import { startAuthoritativeDns, type AuthoritativeDns, type TestZone } from '../support/dns-server.js';

/**
 * A corpus of zones served by Knot on loopback: every domain is the full plan for it with exactly one fault, and
 * every rule of `runChecks` runs on it. Each zone must give exactly the findings listed (rule id and level) and pass
 * everything else; the correct zones (full and minimal) must give no warning and no failure.
 */

const FQDN = 'mail.host.test';
const SERVER_KEY: DkimKey = { selector: 'mail', publicKeyBase64: KEY_2048 };
const DBL: Dnsbl = { zone: 'dbl.test', lists: 'domain' };
const ZEN: Dnsbl = { zone: 'zen.test', lists: 'ip', ipv6: true };

type Records = PlannedRecord[];

interface FaultCase {
  /** The zone is `<label>.test`. */
  label: string;
  /** Exactly the findings that do not pass, as `rule-id:level`. */
  expected: string[];
  edit?: (records: Records, domain: string) => Records;
  /** More zone lines, relative to the domain. */
  extra?: (domain: string) => string[];
  /** The key the server signs with for this domain, when not the usual one. */
  key?: DkimKey;
  /** The MTA-STS policy served for the domain; `undefined` in the map means none can be fetched. */
  policy?: (domain: string) => string | undefined;
}

const isType = (type: string, prefix = '') => (r: PlannedRecord, domain: string) => r.type === type && r.name === `${prefix}${domain}`;
const drop =
  (match: (r: PlannedRecord, domain: string) => boolean) =>
  (records: Records, domain: string): Records =>
    records.filter((r) => !match(r, domain));
const set =
  (match: (r: PlannedRecord, domain: string) => boolean, value: (domain: string) => string) =>
  (records: Records, domain: string): Records =>
    records.map((r) => (match(r, domain) ? { ...r, value: value(domain) } : r));
const spf = isType('TXT');
const dmarc = isType('TXT', '_dmarc.');
const dkim = isType('TXT', 'mail._domainkey.');
const mx = isType('MX');
const setSpf = (value: string) => set(spf, () => value);
const OWN_IPS = `ip4:${IPV4} ip6:${IPV6}`;
/** An SPF policy that ends in permerror authorises neither of the server's addresses. */
const PERMERROR = ['spf.authorised.ipv4:fail', 'spf.authorised.ipv6:fail'];
const enforced = (domain: string, mxHost = FQDN) => mtaStsPolicy({ domain, mx: [mxHost], mode: 'enforce' }).text;

const CORRECT: FaultCase[] = [
  { label: 'full', expected: [] },
  {
    label: 'minimal',
    // SPF, DKIM, DMARC p=none and the MX; nothing recommended or optional.
    edit: (records, domain) =>
      records
        .filter((r) => r.importance === 'required')
        .map((r) => (r.name === `_dmarc.${domain}` ? { ...r, value: 'v=DMARC1; p=none' } : r)),
    expected: ['dmarc.policy:advice', 'dmarc.reports:advice', 'mta-sts.record:advice', 'tls-rpt.record:advice'],
  },
];

const FAULTS: FaultCase[] = [
  // MX
  { label: 'mx-missing', edit: drop(mx), expected: ['mx.present:fail', 'mta-sts.mx:fail'] },
  { label: 'mx-null', edit: drop(mx), extra: () => ['@ MX 0 .'], expected: ['mx.present:fail', 'mta-sts.mx:fail'] },
  { label: 'mx-cname', edit: drop(mx), extra: (d) => [`@ MX 10 alias.${d}.`, `alias CNAME ${FQDN}.`], expected: ['mx.target-cname:fail', 'mx.target:fail', 'mta-sts.mx:fail'] },
  { label: 'mx-no-address', edit: drop(mx), extra: (d) => [`@ MX 10 nothing.${d}.`], expected: ['mx.target-address:fail', 'mx.target:fail', 'mta-sts.mx:fail'] },
  { label: 'mx-ip', edit: drop(mx), extra: () => [`@ MX 10 ${IPV4}.`], expected: ['mx.target-ip:fail', 'mx.target:fail', 'mta-sts.mx:fail'] },
  { label: 'mx-elsewhere', edit: drop(mx), extra: () => ['@ MX 10 mx.provider.test.'], expected: ['mx.target:fail', 'mta-sts.mx:fail'] },
  {
    label: 'mx-other-name',
    // Another name for the same machine: mail arrives, the names senders verify differ.
    edit: drop(mx),
    extra: (d) => [`@ MX 10 mx.${d}.`, `mx A ${IPV4}`, `mx AAAA ${IPV6}`],
    policy: (d) => enforced(d, `mx.${d}`),
    expected: ['mx.target:warn'],
  },
  { label: 'mx-backup', extra: () => ['@ MX 5 mx.provider.test.'], policy: (d) => mtaStsPolicy({ domain: d, mx: [FQDN, 'mx.provider.test'], mode: 'enforce' }).text, expected: ['mx.target:warn'] },
  {
    label: 'mx-one-broken',
    extra: (d) => [`@ MX 20 nothing.${d}.`],
    policy: (d) => mtaStsPolicy({ domain: d, mx: [FQDN, `nothing.${d}`], mode: 'enforce' }).text,
    expected: ['mx.target-address:warn'],
  },
  // SPF
  { label: 'spf-missing', edit: drop(spf), expected: ['spf.record:fail'] },
  { label: 'spf-two', extra: () => ['@ TXT "v=spf1 mx -all"'], expected: ['spf.record:fail'] },
  { label: 'spf-syntax', edit: setSpf('v=spf1 ip4:192.0.2.300 -all'), expected: ['spf.syntax:fail'] },
  { label: 'spf-plus-all', edit: setSpf(`v=spf1 ${OWN_IPS} +all`), expected: ['spf.syntax:fail'] },
  { label: 'spf-neutral', edit: setSpf(`v=spf1 ${OWN_IPS} ?all`), expected: ['spf.syntax:warn'] },
  { label: 'spf-other-ip', edit: setSpf('v=spf1 ip4:198.51.100.0/24 -all'), expected: ['spf.authorised.ipv4:fail', 'spf.authorised.ipv6:fail'] },
  {
    label: 'spf-deep',
    edit: (records, d) => setSpf(`v=spf1 include:l1.${d} -all`)(records, d),
    extra: (d) => Array.from({ length: 11 }, (_, i) => (i < 10 ? `l${i + 1} TXT "v=spf1 include:l${i + 2}.${d} -all"` : `l11 TXT "v=spf1 ${OWN_IPS} -all"`)),
    expected: ['spf.lookups:fail', ...PERMERROR],
  },
  { label: 'spf-void', edit: (records, d) => setSpf(`v=spf1 a:gone1.${d} a:gone2.${d} mx:gone3.${d} ${OWN_IPS} -all`)(records, d), expected: ['spf.void-lookups:fail', ...PERMERROR] },
  {
    label: 'spf-loop',
    edit: (records, d) => setSpf(`v=spf1 include:loop.${d} -all`)(records, d),
    extra: (d) => [`loop TXT "v=spf1 include:${d} -all"`],
    expected: ['spf.includes:fail', ...PERMERROR],
  },
  // DKIM
  { label: 'dkim-missing', edit: drop(dkim), expected: ['dkim.record:fail'] },
  { label: 'dkim-cut', edit: set(dkim, () => `v=DKIM1; k=rsa; p=${KEY_2048}`.slice(0, 255)), expected: ['dkim.key:fail', 'dkim.key-size:fail'] },
  { label: 'dkim-rotated', edit: set(dkim, () => `v=DKIM1; k=rsa; p=${OTHER_KEY_2048}`), expected: ['dkim.key:fail'] },
  { label: 'dkim-512', key: { selector: 'mail', publicKeyBase64: KEY_512 }, expected: ['dkim.key-size:fail'] },
  { label: 'dkim-1024', key: { selector: 'mail', publicKeyBase64: KEY_1024 }, expected: ['dkim.key-size:advice'] },
  { label: 'dkim-two', extra: () => ['mail._domainkey TXT "v=DKIM1; k=rsa; p="'], expected: ['dkim.record:fail'] },
  // DMARC
  { label: 'dmarc-missing', edit: drop(dmarc), expected: ['dmarc.record:fail'] },
  { label: 'dmarc-two', extra: () => ['_dmarc TXT "v=DMARC1; p=none"'], expected: ['dmarc.record:fail'] },
  { label: 'dmarc-bad-policy', edit: set(dmarc, () => 'v=DMARC1; p=bogus'), expected: ['dmarc.policy:fail'] },
  { label: 'dmarc-none', edit: set(dmarc, (d) => `v=DMARC1; p=none; rua=mailto:postmaster@${d}`), expected: ['dmarc.policy:advice'] },
  { label: 'dmarc-no-reports', edit: set(dmarc, () => 'v=DMARC1; p=quarantine'), expected: ['dmarc.reports:warn'] },
  { label: 'dmarc-foreign-reports', edit: set(dmarc, () => 'v=DMARC1; p=reject; rua=mailto:dmarc@reports.test'), expected: ['dmarc.report-auth:fail'] },
  // MTA-STS and TLS-RPT
  { label: 'sts-missing', edit: drop(isType('TXT', '_mta-sts.')), expected: ['mta-sts.record:advice'] },
  { label: 'sts-bad-id', edit: set(isType('TXT', '_mta-sts.'), () => 'v=STSv1; id=not-valid!'), expected: ['mta-sts.record:fail'] },
  { label: 'sts-unreachable', policy: () => undefined, expected: ['mta-sts.policy:fail'] },
  { label: 'sts-other-mx', policy: (d) => enforced(d, 'mx.provider.test'), expected: ['mta-sts.mx:fail'] },
  { label: 'sts-withdrawn', policy: (d) => mtaStsPolicy({ domain: d, mx: [FQDN], mode: 'none' }).text, expected: ['mta-sts.policy:warn'] },
  { label: 'tlsrpt-missing', edit: drop(isType('TXT', '_smtp._tls.')), expected: ['tls-rpt.record:advice'] },
  { label: 'tlsrpt-bad', edit: set(isType('TXT', '_smtp._tls.'), () => 'v=TLSRPTv1; rua=ftp://reports.test'), expected: ['tls-rpt.syntax:fail'] },
  // Client discovery
  { label: 'srv-port', edit: set(isType('SRV', '_imaps._tcp.'), () => `1 143 ${FQDN}`), expected: ['srv.imaps:fail'] },
  { label: 'srv-elsewhere', edit: set(isType('SRV', '_submissions._tcp.'), () => '1 465 mx.provider.test'), expected: ['srv.submissions:fail'] },
  { label: 'autoconfig-elsewhere', edit: drop(isType('CNAME', 'autoconfig.')), extra: () => ['autoconfig A 198.51.100.7'], expected: ['autoconfig.target:fail'] },
  // Block lists
  { label: 'listed', expected: ['dnsbl.domain:fail'] },
];

const CASES = [...CORRECT, ...FAULTS];
const domainOf = (c: FaultCase) => `${c.label}.test`;
const keyOf = (c: FaultCase) => c.key ?? SERVER_KEY;

function caseZone(c: FaultCase): TestZone {
  const domain = domainOf(c);
  const planned = planRecords({ domains: [domain], fqdn: FQDN, ipv4: IPV4, ipv6: IPV6, dkim: keyOf(c), reportAddress: `postmaster@${domain}`, mtaSts: { mode: 'enforce' } });
  const own = planned.filter((r) => isWithin(r.name, domain));
  const records = c.edit ? c.edit(own, domain) : own;
  return { origin: domain, records: [toZoneSnippet(records), ...(c.extra?.(domain) ?? [])].join('\n') };
}

const zones: TestZone[] = [
  ...CASES.map(caseZone),
  { origin: 'host.test', records: [`mail A ${IPV4}`, `mail AAAA ${IPV6}`].join('\n') },
  { origin: 'provider.test', records: 'mx A 198.51.100.9' },
  { origin: 'reports.test', records: '' },
  { origin: '2.0.192.in-addr.arpa', records: `${reverseName(IPV4)}. PTR ${FQDN}.` },
  { origin: '0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa', records: `${reverseName(IPV6)}. PTR ${FQDN}.` },
  { origin: 'dbl.test', records: ['listed.test A 127.0.1.2', 'listed.test TXT "a test listing"'].join('\n') },
  { origin: 'zen.test', records: '' },
];

const policies = new Map(CASES.map((c) => [`https://mta-sts.${domainOf(c)}/.well-known/mta-sts.txt`, c.policy ? c.policy(domainOf(c)) : enforced(domainOf(c))]));
const fetchPolicy = (url: string): Promise<string> => {
  const text = policies.get(url);
  return text === undefined ? Promise.reject(new Error(`no policy served at ${url}`)) : Promise.resolve(text);
};

const notPassing = (results: readonly CheckResult[]) => results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`);

let dns: AuthoritativeDns;
let resolver: DnsResolver;
let report: Awaited<ReturnType<typeof runChecks>>;

beforeAll(async () => {
  dns = await startAuthoritativeDns(zones, (line) => void process.stderr.write(`[dns] ${line}\n`));
  resolver = createNodeResolver({ server: dns.server, timeoutMs: 3000, tries: 2 });
  const target: DnsCheckTarget = {
    domains: CASES.map(domainOf),
    fqdn: FQDN,
    ipv4: IPV4,
    ipv6: IPV6,
    dkim: Object.fromEntries(CASES.map((c) => [domainOf(c), keyOf(c)])),
  };
  report = await runChecks(target, { resolver, fetchPolicy, dnsbls: [ZEN, DBL] });
}, 120_000);

afterAll(async () => {
  await dns?.stop();
});

const findings = (c: FaultCase) => notPassing(report.domains.find((d) => d.domain === domainOf(c))?.results ?? []);

describe('the correct zones', () => {
  it('the server itself (name, addresses, PTR, block lists) passes every rule', () => {
    expect(notPassing(report.host)).toEqual([]);
    expect(report.host.map((r) => r.id)).toEqual(expect.arrayContaining(['fqdn.a', 'fqdn.aaaa', 'ptr.ipv4', 'ptr.ipv6', 'dnsbl.ipv4', 'dnsbl.ipv6']));
  });

  it.each(CORRECT.map((c) => [c.label, c] as const))('%s: no warning and no failure, only the advice listed', (_label, c) => {
    expect(findings(c)).toEqual(c.expected);
    expect(findings(c).filter((f) => !f.endsWith(':advice'))).toEqual([]);
  });
});

describe('one fault per zone', () => {
  it.each(FAULTS.map((c) => [c.label, c] as const))('%s: exactly the findings listed', (_label, c) => {
    expect(findings(c).sort()).toEqual([...c.expected].sort());
  });

  it('every fault zone carries a fix record for its failures where the plan has one', () => {
    const missing = FAULTS.flatMap((c) =>
      (report.domains.find((d) => d.domain === domainOf(c))?.results ?? [])
        .filter((r) => r.status === 'fail' && ['mx.present', 'spf.record', 'dkim.record', 'dmarc.record'].includes(r.id) && !r.fix)
        .map((r) => `${c.label}:${r.id}`),
    );
    expect(missing).toEqual([]);
  });

  it('adds up to exit status 2 (a failure)', () => {
    expect(report.exitStatus).toBe(2);
  });
});
