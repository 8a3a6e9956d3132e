import { describe, expect, it } from 'vitest';
import { parseJailStatus } from '../../src/dms/fail2ban-status.js';
import { errorLines, setupCli } from '../support/setup-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const testbed = useTestbed({ fail2ban: true, accounts: [{ address: `user@${TEST_DOMAIN}`, password: 'f2b-pass' }] });
const setup = setupCli(testbed);

/** What fail2ban itself reports, asked inside the container, not through mailwiz. */
async function bannedInCustom(): Promise<string[]> {
  const result = await testbed().target.exec(['fail2ban-client', 'status', 'custom']);
  expect(result.exitCode, result.stderr).toBe(0);
  return parseJailStatus(result.stdout).bannedIps;
}

describe('setup fail2ban', () => {
  it('says nobody is banned on a fresh server', async () => {
    const result = await setup(['fail2ban']);
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
    expect(result.stderr).toMatch(/INFO {2}fail2ban: No IPs have been banned\n$/);
  });

  it('ban: fail2ban-client status custom lists the address, and the listing shows it', async () => {
    const banned = await setup(['fail2ban', 'ban', '192.0.2.10']);
    expect(banned).toMatchObject({ exitCode: 0, stdout: 'Banned custom IP: 1\n' });
    expect(await bannedInCustom()).toEqual(['192.0.2.10']);

    const network = await setup(['fail2ban', 'ban', '198.51.100.0/24']);
    expect(network.stdout).toBe('Banned custom IP: 1\n');
    expect(await bannedInCustom()).toEqual(['192.0.2.10', '198.51.100.0/24']);

    expect((await setup(['fail2ban'])).stdout).toBe('Banned in custom: 192.0.2.10 198.51.100.0/24\n');
    const json = JSON.parse((await setup(['fail2ban', '--json'])).stdout) as unknown[];
    expect(json).toEqual([
      { jail: 'custom', banned: ['192.0.2.10', '198.51.100.0/24'] },
      { jail: 'dovecot', banned: [] },
      { jail: 'postfix', banned: [] },
    ]);
  });

  it('ban of an address that is already banned reports it, as DMS does, without failing', async () => {
    const again = await setup(['fail2ban', 'ban', '192.0.2.10']);
    expect(again).toMatchObject({ exitCode: 0, stdout: '' });
    expect(again.stderr).toMatch(/ERROR fail2ban: Banning '192\.0\.2\.10' failed\. Already banned\?/);
  });

  it('status: every jail as fail2ban prints it followed by an empty line, or its numbers as JSON', async () => {
    const text = await setup(['fail2ban', 'status']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^Status for the jail: custom\n\|- Filter\n/);
    expect(text.stdout).toContain('`- Banned IP list:\t192.0.2.10 198.51.100.0/24\n\nStatus for the jail: dovecot\n');
    expect(text.stdout.endsWith('\n\n')).toBe(true);
    const json = JSON.parse((await setup(['fail2ban', 'status', '--json'])).stdout) as Record<string, unknown>[];
    expect(json.map((j) => j.jail)).toEqual(['custom', 'dovecot', 'postfix']);
    expect(json[0]).toEqual({
      jail: 'custom',
      currentlyFailed: 0,
      totalFailed: 0,
      currentlyBanned: 2,
      totalBanned: 2,
      bannedIps: ['192.0.2.10', '198.51.100.0/24'],
    });
  });

  it('log: fail2ban.log with the bans in it', async () => {
    const log = await setup(['fail2ban', 'log']);
    expect(log.exitCode).toBe(0);
    expect(log.stdout).toMatch(/\[custom\] Ban 192\.0\.2\.10/);
  });

  it('unban: lifted in every jail that had it; fail2ban no longer lists it', async () => {
    const unbanned = await setup(['fail2ban', 'unban', '192.0.2.10', '198.51.100.0/24']);
    expect(unbanned).toMatchObject({ exitCode: 0, stdout: 'Unbanned IP from custom: 2\n' });
    expect(await bannedInCustom()).toEqual([]);
    const nothing = await setup(['fail2ban', 'unban', '192.0.2.10']);
    expect(nothing).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('refuses what is not an address or network with one error line, and bans nothing', async () => {
    for (const args of [
      ['ban', '192.0.2.300'],
      ['ban', 'example.com'],
      ['ban', '192.0.2.1', '10.0.0.0/33'],
      ['unban', '2001:db8::1/129'],
      ['ban', '192.0.2.1; reboot'],
    ]) {
      const result = await setup(['fail2ban', ...args]);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(errorLines(result), result.stderr).toHaveLength(1);
      expect(result.stderr).toMatch(/ERROR fail2ban: .*(is not an IP address or network|has an invalid prefix length)/);
    }
    expect(await bannedInCustom()).toEqual([]);
  });

  it('without an address warns and does nothing; help and unknown words print the usage', async () => {
    const ban = await setup(['fail2ban', 'ban']);
    expect(ban).toMatchObject({ exitCode: 0, stdout: '' });
    expect(ban.stderr).toMatch(/WARN {2}fail2ban: You need to specify an IP address: Run '\.\/setup\.sh fail2ban ban <IP>'/);
    const usage = 'Usage: ./setup.sh fail2ban [<ban|unban> <IP>]\n       ./setup.sh fail2ban log\n       ./setup.sh fail2ban status\n';
    expect(await setup(['fail2ban', 'help'])).toMatchObject({ exitCode: 0, stdout: usage });
    const unknown = await setup(['fail2ban', 'block', '192.0.2.1']);
    expect(unknown).toMatchObject({ exitCode: 1, stdout: usage });
    expect(unknown.stderr).toMatch(/ERROR fail2ban: Unknown command 'block'/);
  });

  it('says "Fail2ban not running" and fails when fail2ban is stopped', async () => {
    const stop = await testbed().target.exec(['supervisorctl', 'stop', 'fail2ban']);
    expect(stop.exitCode, stop.stdout + stop.stderr).toBe(0);
    for (const args of [[], ['ban', '192.0.2.20'], ['status']]) {
      const result = await setup(['fail2ban', ...args]);
      expect(result).toMatchObject({ exitCode: 1, stdout: '' });
      expect(errorLines(result)).toEqual([expect.stringMatching(/ERROR fail2ban: Fail2ban not running$/)]);
    }
  });
});
