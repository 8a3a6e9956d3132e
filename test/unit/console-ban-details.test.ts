import { describe, expect, it } from 'vitest';
import { parseRouteGateways, plainAddress, protectedHits, sshClientAddress, type AdminAddress } from '../../src/services/admin-addresses.js';
import { mentions, parseBanTimes, parseOverview, parseUtcOffset } from '../../src/services/ban-details.js';

// What the overview script printed in the testbed (fail2ban 1.1.0), after a manual ban and a dovecot ban.
const OVERVIEW = `@@mailwiz now +0000
Status
|- Number of jail:	2
\`- Jail list:	custom, dovecot
@@mailwiz status custom
Status for the jail: custom
|- Filter
|  |- Currently failed:	0
|  |- Total failed:	0
|  \`- File list:	/var/log/mail/mail.log
\`- Actions
   |- Currently banned:	2
   |- Total banned:	2
   \`- Banned IP list:	203.0.113.5 198.51.100.0/24
@@mailwiz bans custom
203.0.113.5 \t2026-11-22 14:37:01 + 15552000 = 2027-05-21 14:37:01
198.51.100.0/24 \t2026-11-22 14:37:51 + -1 = 9999-12-31 23:59:59
@@mailwiz status dovecot
Status for the jail: dovecot
|- Filter
|  |- Currently failed:	1
|  |- Total failed:	7
|  \`- File list:	/var/log/mail/mail.log
\`- Actions
   |- Currently banned:	1
   |- Total banned:	1
   \`- Banned IP list:	172.17.0.1
@@mailwiz bans dovecot
172.17.0.1 \t2026-11-22 14:37:35 + 604800 = 2026-11-29 14:37:35
`;

describe('ban details', () => {
  it('reads every jail, and each ban with its start, ban time and end (permanent: no end)', () => {
    const overview = parseOverview(OVERVIEW);
    expect(overview.running).toBe(true);
    expect(overview.jails.map((j) => [j.jail, j.currentlyFailed, j.totalFailed, j.currentlyBanned, j.totalBanned])).toEqual([
      ['custom', 0, 0, 2, 2],
      ['dovecot', 1, 7, 1, 1],
    ]);
    expect(overview.bans).toEqual([
      { address: '203.0.113.5', jail: 'custom', since: new Date('2026-11-22T14:37:01Z'), banSeconds: 15552000, until: new Date('2027-05-21T14:37:01Z') },
      { address: '198.51.100.0/24', jail: 'custom', since: new Date('2026-11-22T14:37:51Z'), banSeconds: -1, until: undefined },
      { address: '172.17.0.1', jail: 'dovecot', since: new Date('2026-11-22T14:37:35Z'), banSeconds: 604800, until: new Date('2026-11-29T14:37:35Z') },
    ]);
  });

  it('takes fail2ban local times in the server zone; a ban without times keeps its address', () => {
    expect(parseUtcOffset('+0130')).toBe(90);
    expect(parseUtcOffset('-0500')).toBe(-300);
    const [ban] = parseBanTimes('192.0.2.9 \t2026-11-22 09:00:00 + 60 = 2026-11-22 09:01:00', 'custom', -300);
    expect(ban?.since).toEqual(new Date('2026-11-22T14:00:00Z'));
    const noTimes = parseOverview(OVERVIEW.replace(/^203\.0\.113\.5 \t.*\n/m, ''));
    expect(noTimes.bans[0]).toEqual({ address: '203.0.113.5', jail: 'custom' });
  });

  it('says fail2ban is down with its own words', () => {
    expect(parseOverview('@@mailwiz down\nERROR   Failed to access socket path: /var/run/fail2ban/fail2ban.sock. Is fail2ban running?\n')).toEqual({
      running: false,
      problem: 'ERROR   Failed to access socket path: /var/run/fail2ban/fail2ban.sock. Is fail2ban running?',
      jails: [],
      bans: [],
    });
  });

  it('finds an address in a log line only as a whole address', () => {
    expect(mentions('dovecot: auth(alice@example.test,172.17.0.1,sasl:plain): Password mismatch', '172.17.0.1')).toBe(true);
    expect(mentions('rip=172.17.0.10, lip=172.17.0.3', '172.17.0.1')).toBe(false);
    expect(mentions('from 10.172.17.0.1', '172.17.0.1')).toBe(false);
    expect(mentions('[custom] Ban 2001:DB8::7', '2001:db8::7')).toBe(true);
    expect(mentions('[custom] Ban 2001:db8::70', '2001:db8::7')).toBe(false);
  });
});

describe('admin addresses', () => {
  const guarded: AdminAddress[] = [
    { address: '198.18.7.9', why: 'ssh' },
    { address: '127.0.0.0/8', why: 'loopback' },
    { address: '::1', why: 'loopback' },
    { address: '172.17.0.1', why: 'gateway' },
  ];
  const hits = (candidate: string): string[] => protectedHits(candidate, guarded).map((h) => h.why);

  it('refuses an address or a network that covers one, in either direction, per family', () => {
    expect(hits('172.17.0.1')).toEqual(['gateway']);
    expect(hits('172.17.0.0/16')).toEqual(['gateway']);
    expect(hits('127.0.0.53')).toEqual(['loopback']);
    expect(hits('0.0.0.0/0')).toEqual(['ssh', 'loopback', 'gateway']);
    expect(hits('::/0')).toEqual(['loopback']);
    expect(hits('::ffff:172.17.0.1')).toEqual(['gateway']);
    expect(hits('203.0.113.7')).toEqual([]);
    expect(hits('172.18.0.0/16')).toEqual([]);
    expect(hits('not an address')).toEqual([]);
  });

  it('reads the ssh client from SSH_CLIENT or SSH_CONNECTION, and gateways from /proc/net/route', () => {
    expect(sshClientAddress({ SSH_CLIENT: '192.0.2.4 51234 22' })).toBe('192.0.2.4');
    expect(sshClientAddress({ SSH_CONNECTION: '::ffff:192.0.2.4 51234 192.0.2.1 22' })).toBe('192.0.2.4');
    expect(sshClientAddress({})).toBeUndefined();
    expect(plainAddress('fe80::1%eth0')).toBe('fe80::1');
    const route = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\neth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n';
    expect(parseRouteGateways(route)).toEqual(['172.17.0.1']);
  });
});
