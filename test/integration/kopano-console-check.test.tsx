import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullReport } from '../../src/services/check/run-all.js';
import { parseAmavisShowkeys } from '../../src/formats/amavis/showkeys.js';
import { dkimRecordValue } from '../../src/dms/dkim-key.js';
import { startAuthoritativeDns } from '../support/dns-server.js';
import { CLI, runCli } from '../support/run-cli.js';
import { shellQuote, startTmuxTerminal } from '../support/tmux-terminal.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailServer } from '../../src/services/mail-server.js';
import { discoverStacks } from '../../src/stacks/discover.js';
import { memberFor, type Stack } from '../../src/stacks/stack.js';
import { renderConsole, screenKey } from '../support/console-render.js';
import { startKopanoStandIn, type KopanoStandIn } from '../support/kopano-stand-in.js';
import { daysFromNow, makeCertificate } from '../support/tls-certs.js';
import { requireEnvironment } from '../support/testbed.js';

/**
 * The built console in a real terminal, `mailwiz check`, and the Health screen on the Kopano stand-in stack: each member's daemons (runit in the MTA, none in the delivery
 * sink), the MTA's LMTP hand-over probed from inside the MTA as Postfix makes it, and the certificate Postfix serves.
 */

let kopano: KopanoStandIn;
let stack: Stack;

beforeAll(async () => {
  requireEnvironment();
  kopano = await startKopanoStandIn({ syslogLevel: 5 });
  const found = (await discoverStacks(kopano.docker)).find((s) => s.name === kopano.project);
  if (!found) throw new Error(`stack ${kopano.project} not detected`);
  stack = found;
}, 600_000);

afterAll(async () => {
  await kopano?.remove();
});

describe('the built console on the Kopano stand-in stack, in a real terminal', () => {
  it('80×24, TERM=linux, NO_COLOR: every screen fits, in ASCII, and says what it can do on this stack', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'mailwiz-conf-'));
    const terminal = await startTmuxTerminal({
      command: `node ${shellQuote(CLI)} --stack ${shellQuote(kopano.project)} console`,
      columns: 80,
      rows: 24,
      env: { MAILWIZ_CONFIG_DIR: configDir, TERM: 'linux', NO_COLOR: '1' },
    });
    try {
      const expectations: [string, RegExp][] = [
        ['accounts', /kopano-admin is not in/],
        ['queue', /\b0 queued\b/],
        ['logs', /mta +postfix\//],
        ['bans', /no ban service/],
        ['health', /LMTP +\+ .* 220 /],
      ];
      await terminal.waitFor(new RegExp(`^mailwiz · ${kopano.project} \\(kopano\\) · mta \\+ · groupware \\+`), 60_000);
      for (const [screen, shown] of expectations) {
        await terminal.press(screenKey(screen));
        const frame = await terminal.waitFor(shown, 60_000);
        const lines = frame.split('\n');
        expect(lines, screen).toHaveLength(24);
        expect(Math.max(...lines.map((l) => l.length)), `${screen}: no line wider than the window`).toBeLessThanOrEqual(80);
        expect(frame, `${screen}: ASCII marks only`).not.toMatch(/[✓✗█░↑↓∞›]/);
      }
      await terminal.press('q');
    } finally {
      await terminal.kill();
    }
  }, 240_000);
});

describe('Health on the Kopano stand-in stack', () => {
  it('shows every member, the LMTP hand-over, the log-level warning and the certificate; a stopped groupware fails LMTP', async () => {
    const mta = memberFor(stack, 'mta')!;
    const ui = await renderConsole(mailServer(mta.target), { stack });
    try {
      await ui.press(screenKey('health'));
      await ui.waitFor(/Services mta +✓ amavis +✓ postfix +✓ syslogd/, 60_000);
      await ui.waitFor(/ +groupware +✓ container running \(no service supervisor inside\)/);
      await ui.waitFor(new RegExp(`LMTP +✓ ${kopano.mta} → app:2003: 220 `), 60_000);
      await ui.waitFor(/SYSLOG_LEVEL=5.*status=sent/);
      await ui.waitFor(new RegExp(`Cert +no TLS certificate in ${kopano.mta}'s Postfix`));

      const certificate = makeCertificate({ names: ['mx.example.test'], notAfter: daysFromNow(40) });
      await mta.target.exec(['mkdir', '-p', '/etc/ssl/postfix']);
      await mta.target.writeFile('/etc/ssl/postfix/cert.pem', certificate.certPem);
      await mta.target.writeFile('/etc/ssl/postfix/key.pem', certificate.keyPem);
      const configured = await mta.target.exec([
        'postconf', '-e',
        'smtpd_tls_cert_file=/etc/ssl/postfix/cert.pem', 'smtpd_tls_key_file=/etc/ssl/postfix/key.pem', 'smtpd_tls_security_level=may',
      ]);
      expect(configured.exitCode, configured.stderr).toBe(0);
      await ui.press('r');
      await ui.waitFor(/Cert +✓ mx\.example\.test · until \d{4}-\d\d-\d\d \((39|40) days\)/, 60_000);

      await kopano.docker.getContainer(kopano.app).stop({ t: 0 });
      await ui.press('r');
      // The name `app` no longer resolves; with the test's DNS on 127.0.0.1 the lookup hangs rather than failing.
      await ui.waitFor(new RegExp(`LMTP +✗ ${kopano.mta} → app:2003: (cannot connect|no answer within 10 s)`), 60_000);
      await ui.waitFor(/ +groupware +✗ container exited/);
    } finally {
      await ui.unmount();
    }
  }, 300_000);
});

describe('mailwiz check on the Kopano stand-in stack', () => {
  it("takes the domain from MAIL_DOMAIN and the DKIM key from Amavis; a key that no longer matches DNS fails", async () => {
    const mta = memberFor(stack, 'mta')!;
    const shown = await mta.target.exec(['amavisd', 'showkeys']);
    const key = parseAmavisShowkeys(shown.stdout)['example.test'];
    expect(key, shown.stdout).toBeDefined();
    const dns = await startAuthoritativeDns([
      { origin: 'example.test', records: `@ MX 10 mx.example.test.\nmx A 192.0.2.25\n${key!.selector}._domainkey TXT "${dkimRecordValue(key!)}"` },
    ]);
    try {
      const check = async (): Promise<FullReport> => {
        const run = await runCli(['--stack', kopano.project, 'check', '--resolver', dns.server, '--no-dnsbl', '--timeout', '3', '--json']);
        expect(run.stdout, run.stderr).toMatch(/^\{/);
        return JSON.parse(run.stdout) as FullReport;
      };
      const dkimKey = (report: FullReport) =>
        report.groups.filter((g) => g.kind === 'domain').flatMap((g) => g.results.filter((r) => r.id === 'dkim.key'));
      const before = await check();
      expect(before.groups.find((g) => g.kind === 'domain')?.title).toContain('example.test');
      expect(dkimKey(before).map((r) => r.status)).toEqual(['pass']);

      // A new key in Amavis's folder: what DNS publishes is now the old one.
      const file = `/var/db/dkim/example.test.${key!.selector}.privkey.pem`;
      const renewed = await mta.target.exec(['sh', '-c', 'rm -f "$1" && amavisd genrsa "$1" 2048 && chown amavis "$1"', 'renew', file]);
      expect(renewed.exitCode, renewed.stderr).toBe(0);
      expect(dkimKey(await check()).map((r) => r.status)).toEqual(['fail']);
    } finally {
      await dns.stop();
    }
  }, 180_000);
});
