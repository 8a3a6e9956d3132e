import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWithin } from '../../src/dms/dns-name.js';
import { planRecords, toZoneSnippet } from '../../src/dms/dns-plan.js';
import { DnsStep } from '../../wizards/dns-step.js';
import { realServices } from '../../wizards/wizard-services.js';
import { startAuthoritativeDns, type AuthoritativeDns } from '../support/dns-server.js';
import { sampleAnswers } from '../support/wizard-answers.js';
import { renderStep, stepServices } from '../support/wizard-steps.js';

/**
 * The wizard's DNS step against a real authoritative server (Knot) on loopback: the records published for one domain
 * check out, the domain whose records were not published yet shows what is missing.
 */
const answers = sampleAnswers({ domains: ['published.test', 'pending.test'], hostname: 'mail.published.test', ipv4: '203.0.113.10', ipv6: undefined });
let dns: AuthoritativeDns;

beforeAll(async () => {
  const plan = planRecords({ domains: answers.domains, fqdn: answers.hostname, ipv4: answers.ipv4 });
  dns = await startAuthoritativeDns([
    { origin: 'published.test', records: toZoneSnippet(plan.filter((r) => isWithin(r.name, 'published.test'))) },
    { origin: 'pending.test', records: 'www A 203.0.113.99' },
  ]);
}, 120_000);

afterAll(async () => {
  await dns?.stop();
});

describe('wizard DNS step', () => {
  it('shows the records to publish, and on r what live DNS has: published ones pass, missing ones fail', async () => {
    // Only loopback traffic: DNS from Knot, and no HTTPS fetch of an MTA-STS policy (tested with a local server elsewhere).
    const offline = async (url: string): Promise<string> => Promise.reject(new Error(`${url}: not fetched in this test`));
    const services = stepServices(undefined, { checkDns: realServices({ dnsResolver: dns.server, fetchPolicy: offline }).checkDns });
    const run = await renderStep(DnsStep, answers, { services });
    try {
      expect(run.frame()).toContain('MX    published.test');
      expect(run.frame()).toContain('press r to check them');
      await run.press('r');
      const frame = await run.until(/checks fail \(checked/, 30_000);
      expect(frame).toMatch(/✗ .*pending\.test/);
      expect(frame).not.toMatch(/✗ .*published\.test has no MX/);
      await run.press('\r');
      expect(run.next()).toEqual(answers);
    } finally {
      await run.unmount();
    }
  });
});
