import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dkimKeyFromZoneText } from '../../src/dms/dkim-key.js';
import { reverseName } from '../../src/dms/dns-ip.js';
import { isWithin } from '../../src/dms/dns-name.js';
import { planRecords, toZoneSnippet } from '../../src/dms/dns-plan.js';
import { IPV4, OPENDKIM_MAIL_TXT } from '../support/dns-fixtures.js';
import { startAuthoritativeDns } from '../support/dns-server.js';
import { CLI } from '../support/run-cli.js';
import { percentile } from './console-bench.js';
import { report } from './measure.js';

/**
 * The built CLI checking planned domains without a server (`check --host … --domain … --dns-only`), every DNS rule
 * against Knot on loopback: 1 domain against 50 in one run, median of 7 each. The ratio is what 49 more domains cost.
 */

const FQDN = 'mail.bench.test';
const RUNS = 7;

export async function checkDnsOnlyBench(): Promise<void> {
  const domains = Array.from({ length: 50 }, (_, i) => `plan${i + 1}.test`);
  const dkim = dkimKeyFromZoneText(OPENDKIM_MAIL_TXT)!;
  const plan = planRecords({ domains: ['bench.test', ...domains], fqdn: FQDN, ipv4: IPV4, dkim });
  // No MTA-STS records: their policy would be fetched over HTTPS, off this machine.
  const zones = ['bench.test', ...domains].map((origin) => ({
    origin,
    records: toZoneSnippet(plan.filter((r) => isWithin(r.name, origin) && !/^_?mta-sts\./.test(r.name))),
  }));
  zones.push({ origin: '2.0.192.in-addr.arpa', records: `${reverseName(IPV4)}. PTR ${FQDN}.` });
  const dns = await startAuthoritativeDns(zones);
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-bench-check-'));
  await writeFile(join(dir, 'mail.txt'), OPENDKIM_MAIL_TXT);
  try {
    const run = async (count: number): Promise<number> => {
      const args = ['check', '--resolver', dns.server, '--no-dnsbl', '--dns-only', '--json', '--host', FQDN, '--dkim-record', join(dir, 'mail.txt')];
      for (const domain of domains.slice(0, count)) args.push('--domain', domain);
      const started = performance.now();
      const result = await execa('node', [CLI, ...args], { reject: false, env: { MAILWIZ_CONFIG_DIR: dir } });
      const elapsed = performance.now() - started;
      if (result.exitCode !== 0) throw new Error(`check did not pass (exit ${result.exitCode}): ${String(result.stderr)}${String(result.stdout).slice(0, 2000)}`);
      return elapsed;
    };
    await run(1);
    const one: number[] = [];
    const fifty: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      one.push(await run(1));
      fifty.push(await run(50));
    }
    const [m1, m50] = [percentile(one, 0.5), percentile(fifty, 0.5)];
    report(
      `check --dns-only without a server, built CLI, every DNS rule against Knot on loopback (median of ${RUNS})`,
      [
        ['1 domain', m1, 1],
        ['50 domains', m50, m50 / m1],
      ],
      ['domains', 'ms', 'ratio to 1 domain'],
    );
  } finally {
    await dns.stop();
  }
}
