import { describe, expect, it } from 'vitest';
import { dkimKeyFromZoneText } from '../../src/dms/dkim-key.js';
import { mtaStsPolicy, planRecords, type PlannedRecord } from '../../src/dms/dns-plan.js';
import { txtStrings } from '../../src/dms/dns-txt.js';
import { exitStatus, type CheckResult } from '../../src/services/dns/check-result.js';
import { RecordedResolver, type RecordedName } from '../../src/services/dns/recorded-resolver.js';
import type { DnsResolver } from '../../src/services/dns/resolver.js';
import { mapBounded, runChecks, type DnsCheckTarget } from '../../src/services/dns/run-checks.js';
import { FQDN, IPV4, IPV6, OPENDKIM_MAIL_TXT } from '../support/dns-fixtures.js';

const dkim = dkimKeyFromZoneText(OPENDKIM_MAIL_TXT)!;
const target: DnsCheckTarget = { domains: ['example.com', 'example.org'], fqdn: FQDN, ipv4: IPV4, ipv6: IPV6, dkim };
const plan = planRecords({ ...target, reportAddress: 'postmaster@example.com' });

/** The planned records as a resolver would serve them once published (TXT in 255-byte strings). */
function published(records: readonly PlannedRecord[]): Record<string, RecordedName> {
  const zone: Record<string, RecordedName> = {};
  for (const r of records) {
    const entry = (zone[r.name] ??= {});
    if (r.type === 'CNAME') entry.CNAME = r.value;
    else if (r.type === 'MX') entry.MX = [...((entry.MX as []) ?? []), { exchange: r.value, priority: r.priority ?? 0 }];
    else if (r.type === 'TXT') entry.TXT = [...((entry.TXT as []) ?? []), txtStrings(r.value)];
    else if (r.type === 'SRV') {
      const [weight = 0, port = 0, name = ''] = r.value.split(' ').map((part, i) => (i < 2 ? Number(part) : part)) as [
        number,
        number,
        string,
      ];
      entry.SRV = [{ priority: r.priority ?? 0, weight, port, name }];
    } else entry[r.type] = [...((entry[r.type] as []) ?? []), r.value];
  }
  return zone;
}

const fetchPolicy = (url: string): Promise<string> =>
  Promise.resolve(mtaStsPolicy({ domain: new URL(url).hostname.replace(/^mta-sts\./, ''), mx: [FQDN], mode: 'testing' }).text);

const statuses = (results: readonly CheckResult[]): string[] => results.map((r) => `${r.id} ${r.status}`);

describe('runChecks', () => {
  it('passes every rule on what planRecords says to publish: the plan and the checks agree', async () => {
    const report = await runChecks(target, { resolver: new RecordedResolver(published(plan)), fetchPolicy });
    expect(statuses(report.host)).toEqual([
      'fqdn.cname pass',
      'fqdn.a pass',
      'fqdn.aaaa pass',
      'ptr.ipv4 pass',
      'ptr.ipv6 pass',
      'dnsbl.ipv4 pass',
      'dnsbl.ipv6 pass',
    ]);
    expect(report.domains.map((d) => d.domain)).toEqual(['example.com', 'example.org']);
    for (const { results } of report.domains) {
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expect(new Set(results.map((r) => r.id.split('.')[0]))).toEqual(
        new Set(['mx', 'spf', 'dkim', 'dmarc', 'mta-sts', 'tls-rpt', 'dnsbl', 'dnssec', 'srv', 'autoconfig', 'autodiscover']),
      );
    }
    expect(report.exitStatus).toBe(0);
  });

  it('exits 2 on a failure, 1 on warnings only, 0 when only advice is left (no TLS-RPT)', async () => {
    const broken = published(plan);
    broken['example.org'] = { ...broken['example.org'], MX: [{ exchange: 'mx.elsewhere.example', priority: 10 }] };
    const failing = await runChecks(target, { resolver: new RecordedResolver(broken), fetchPolicy, dnsbls: [] });
    expect(failing.domains[1]?.results.find((r) => r.id === 'mx.target')?.status).toBe('fail');
    expect(failing.exitStatus).toBe(2);
    const noTlsRpt = published(plan.filter((r) => !r.name.startsWith('_smtp._tls.')));
    const advised = await runChecks(target, { resolver: new RecordedResolver(noTlsRpt), fetchPolicy, dnsbls: [] });
    expect(advised.domains[0]?.results.find((r) => r.id === 'tls-rpt.record')?.status).toBe('advice');
    expect(advised.exitStatus).toBe(0);
    const typo = published(plan);
    typo['_dmarc.example.org'] = { ...typo['_dmarc.example.org'], TXT: [['v=DMARC1; p=quarantine; rau=mailto:d@example.org']] };
    expect((await runChecks(target, { resolver: new RecordedResolver(typo), fetchPolicy, dnsbls: [] })).exitStatus).toBe(1);
  });

  it('gives what does not pass the record from the plan that fixes it, ready to paste; what passes gets none', async () => {
    const zone = published(plan.filter((r) => !r.name.startsWith('_dmarc.example.org')));
    zone['example.org'] = { ...zone['example.org'], MX: [{ exchange: 'mx.elsewhere.example', priority: 10 }] };
    const report = await runChecks(target, { resolver: new RecordedResolver(zone), fetchPolicy, dnsbls: [] });
    const org = report.domains[1]?.results ?? [];
    expect(org.find((r) => r.id === 'mx.target')?.fix).toBe(`example.org. 3600 IN MX 10 ${target.fqdn}.`);
    expect(org.find((r) => r.id === 'dmarc.record')?.fix).toBe('_dmarc.example.org. 3600 IN TXT "v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@example.org"');
    expect(org.filter((r) => r.status === 'pass' && r.fix !== undefined)).toEqual([]);
  });

  it('checks the client discovery records the plan marks, and the unplanned SRV services only when published', async () => {
    const zone = published(plan);
    zone['_submission._tcp.example.org'] = { SRV: [{ name: 'smtp.provider.example', port: 587, priority: 0, weight: 1 }] };
    zone['_imap._tcp.example.org'] = { SRV: [{ name: '', port: 0, priority: 0, weight: 0 }] };
    const inner = new RecordedResolver(zone);
    const report = await runChecks(target, { resolver: inner, fetchPolicy, dnsbls: [] });
    const [com, org] = report.domains.map((d) => d.results.filter((r) => /^(srv|autoconfig|autodiscover)\./.test(r.id)));
    expect(statuses(com ?? [])).toEqual(['srv.imaps pass', 'srv.submissions pass', 'srv.submission pass', 'autoconfig.target pass', 'autodiscover.target pass']);
    expect(statuses(org ?? [])).toEqual([
      'srv.imaps pass',
      'srv.submissions pass',
      'srv.submission fail',
      'srv.imap pass',
      'autoconfig.target pass',
      'autodiscover.target pass',
    ]);
    expect(inner.queries).toEqual(expect.arrayContaining(['SRV _imap._tcp.example.com', 'DNSSEC example.org']));
    expect(report.exitStatus).toBe(2);
  });

  it("checks the default selector without comparing keys when the server's key is not given", async () => {
    const report = await runChecks(
      { ...target, dkim: undefined, domains: ['example.com'] },
      { resolver: new RecordedResolver(published(plan)), fetchPolicy, dnsbls: [] },
    );
    const dkimResults = report.domains[0]?.results.filter((r) => r.id.startsWith('dkim.'));
    expect(statuses(dkimResults ?? [])).toEqual(['dkim.record pass', 'dkim.key-size pass']);
  });

  it('asks the resolver once per name and type across all checks, and names it in every result', async () => {
    const inner = new RecordedResolver(published(plan), '127.0.0.1:5353');
    const report = await runChecks(target, { resolver: inner, fetchPolicy });
    expect(new Set(inner.queries).size).toBe(inner.queries.length);
    expect(new Set([...report.host, ...report.domains.flatMap((d) => d.results)].map((r) => r.resolver))).toEqual(
      new Set(['127.0.0.1:5353']),
    );
  });

  it('keeps at most `concurrency` checks running at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return n * 2;
    });
    expect(results).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });

  it('bounds the queries in flight by the concurrency (one check asks at most 3 at once)', async () => {
    const peakQueries = async (concurrency: number): Promise<number> => {
      const inner = new RecordedResolver(published(plan));
      let inFlight = 0;
      let peakSeen = 0;
      const slow = (query: (name: string) => Promise<unknown>) => async (name: string) => {
        inFlight += 1;
        peakSeen = Math.max(peakSeen, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return query(name);
      };
      const resolver = Object.fromEntries(
        (['resolveMx', 'resolveTxt', 'resolve4', 'resolve6', 'resolveCname', 'reverse', 'resolveSrv', 'resolveTlsa', 'dnssec'] as const).map((m) => [
          m,
          slow((n) => inner[m](n)),
        ]),
      ) as unknown as DnsResolver;
      const report = await runChecks(target, { resolver: { ...resolver, label: 'slow' }, fetchPolicy, dnsbls: [], concurrency });
      expect(report.exitStatus).toBe(0);
      return peakSeen;
    };
    expect(await peakQueries(1)).toBeLessThanOrEqual(3);
    expect(await peakQueries(16)).toBeGreaterThan(3);
  });
});

describe('exitStatus', () => {
  const result = (status: CheckResult['status']): CheckResult => ({ id: 'x', status, summary: '', resolver: 'r' });
  it('is 0 when all pass, 1 with warnings or unknowns, 2 with a failure', () => {
    expect(exitStatus([result('pass')])).toBe(0);
    expect(exitStatus([result('pass'), result('unknown')])).toBe(1);
    expect(exitStatus([result('warn'), result('fail')])).toBe(2);
    expect(exitStatus([])).toBe(0);
  });

  it('advice keeps exit 0 (a correct minimal domain), unless --strict makes it count as a warning', () => {
    expect(exitStatus([result('pass'), result('advice')])).toBe(0);
    expect(exitStatus([result('pass'), result('advice')], { strict: true })).toBe(1);
    expect(exitStatus([result('advice'), result('fail')], { strict: true })).toBe(2);
  });
});
