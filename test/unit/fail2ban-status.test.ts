import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJailList, parseJailStatus } from '../../src/dms/fail2ban-status.js';

// Captured from `fail2ban-client status [jail]` (Fail2Ban v1.1.0, Debian 13) in the testbed.
const sample = (name: string): string => readFileSync(new URL(`samples/${name}`, import.meta.url), 'utf8');

describe('parseJailList', () => {
  it('reads the jails of `fail2ban-client status` in order', () => {
    expect(parseJailList(sample('fail2ban-status.txt'))).toEqual(['custom', 'dovecot', 'postfix']);
  });

  it('is empty when fail2ban runs no jail, or printed something else', () => {
    expect(parseJailList('Status\n|- Number of jail:\t0\n`- Jail list:\t\n')).toEqual([]);
    expect(parseJailList('')).toEqual([]);
  });
});

describe('parseJailStatus', () => {
  it('reads a jail with nothing banned', () => {
    expect(parseJailStatus(sample('fail2ban-status-dovecot-empty.txt'))).toEqual({
      jail: 'dovecot',
      currentlyFailed: 0,
      totalFailed: 0,
      currentlyBanned: 0,
      totalBanned: 0,
      bannedIps: [],
    });
  });

  it('reads failures counted by the filter', () => {
    expect(parseJailStatus(sample('fail2ban-status-dovecot-failed.txt'))).toMatchObject({
      jail: 'dovecot',
      currentlyFailed: 1,
      totalFailed: 2,
      bannedIps: [],
    });
  });

  it('reads banned addresses and networks', () => {
    expect(parseJailStatus(sample('fail2ban-status-custom-banned.txt'))).toEqual({
      jail: 'custom',
      currentlyFailed: 0,
      totalFailed: 0,
      currentlyBanned: 2,
      totalBanned: 6,
      bannedIps: ['192.0.2.7', '198.51.100.0/24'],
    });
    expect(parseJailStatus(sample('fail2ban-status-postfix-ipv6.txt')).bannedIps).toEqual(['2001:db8::1', '192.0.2.99']);
  });

  it('reads a journal-backed jail, whose filter lists journal matches instead of files', () => {
    const journal = [
      'Status for the jail: sshd',
      '|- Filter',
      '|  |- Currently failed:\t3',
      '|  |- Total failed:\t17',
      '|  `- Journal matches:\t_SYSTEMD_UNIT=sshd.service + _COMM=sshd',
      '`- Actions',
      '   |- Currently banned:\t1',
      '   |- Total banned:\t5',
      '   `- Banned IP list:\t203.0.113.5',
      '',
    ].join('\n');
    expect(parseJailStatus(journal)).toEqual({
      jail: 'sshd',
      currentlyFailed: 3,
      totalFailed: 17,
      currentlyBanned: 1,
      totalBanned: 5,
      bannedIps: ['203.0.113.5'],
    });
  });

  it('does not take a label that only appears inside a value', () => {
    const tricky = 'Status for the jail: x\n|  `- File list:\t/var/log/Total banned: 9\n   |- Total banned:\t2\n';
    expect(parseJailStatus(tricky).totalBanned).toBe(2);
  });
});
