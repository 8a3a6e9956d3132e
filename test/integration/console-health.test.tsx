import { act } from 'react';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleApp } from '../../screens/console-app.js';
import { healthScreen } from '../../screens/health/health-screen.js';
import { mailServer } from '../../src/services/mail-server.js';
import { startAuthoritativeDns, type AuthoritativeDns } from '../support/dns-server.js';
import { eventually } from '../support/eventually.js';
import { useTestbed } from '../support/testbed.js';

const testbed = useTestbed({ fail2ban: true });
let dns: AuthoritativeDns;

// The checks ask a Knot server on loopback (an empty zone), never the network.
beforeAll(async () => {
  dns = await startAuthoritativeDns([{ origin: 'example.test', records: 'www A 203.0.113.99' }]);
  process.env.MAILWIZ_RESOLVER = dns.server;
}, 120_000);

afterAll(async () => {
  delete process.env.MAILWIZ_RESOLVER;
  await dns?.stop();
});

describe('Health screen (real testbed)', () => {
  it('shows the services, the queue and the jails, then every DNS/TLS check on c', async () => {
    const server = mailServer(testbed().target);
    let app!: ReturnType<typeof render>;
    await act(async () => {
      app = render(<ConsoleApp server={server} screens={[healthScreen]} />);
    });
    try {
      const frame = (): string => app.lastFrame() ?? '';
      expect(await eventually(async () => /Services .*postfix/.test(frame()) && /Bans {5}custom 0/.test(frame()), 30_000)).toBe(true);
      expect(frame()).toMatch(/✓ dovecot/);
      // Services DMS keeps but did not enable (supervisord: "STOPPED Not started") are off, not failures.
      expect(frame()).toMatch(/Off {6}amavis · clamav \(not enabled by this server's settings\)/);
      expect(frame()).not.toMatch(/✗ amavis|✗ clamav/);
      expect(frame()).toMatch(/Queue {4}0 messages/);
      expect(frame()).toContain('press c to run every DNS and TLS check');
      // This testbed runs without TLS (SSL_TYPE empty), and the screen says so rather than showing an unused certificate.
      expect(frame()).toMatch(/Cert {5}no TLS certificate \(SSL_TYPE is empty/);

      await testbed().target.exec(['supervisorctl', 'stop', 'opendkim']);
      await act(async () => {
        app.stdin.write('r');
      });
      expect(await eventually(async () => /✗ opendkim STOPPED/.test(frame()), 20_000)).toBe(true);

      await act(async () => {
        app.stdin.write('c');
      });
      expect(await eventually(async () => /\d+ failed · \d+ warnings · \d+ advice · \d+ checks/.test(frame()), 60_000)).toBe(true);
      expect(frame()).toMatch(/TLS port 25 \(SMTP STARTTLS\)/);
    } finally {
      await act(async () => app.unmount());
    }
  });
});
