import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseJailStatus } from '../../src/dms/fail2ban-status.js';
import { banAddress, ProtectedAddressError } from '../../src/services/ban-details.js';
import { mailServer } from '../../src/services/mail-server.js';
import { inAct, KEYS, renderConsole, screenKey, type ConsoleHarness } from '../support/console-render.js';
import { failedLoginBurst } from '../support/console-failed-logins.js';
import { eventually } from '../support/eventually.js';
import { imapLogin } from '../support/mail-clients.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const ALICE = `alice@${TEST_DOMAIN}`;
const testbed = useTestbed({ fail2ban: true, accounts: [{ address: ALICE, password: 'alice-pass' }] });
const server = (): ReturnType<typeof mailServer> => mailServer(testbed().target);

/** Where host traffic to the published ports comes from: what fail2ban bans after a burst from the host. */
let gateway = '';
beforeAll(async () => {
  gateway = (await testbed().target.info()).networks?.[0]?.gateway ?? '';
  expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
});

const savedSshClient = process.env.SSH_CLIENT;
afterAll(() => {
  if (savedSshClient === undefined) delete process.env.SSH_CLIENT;
  else process.env.SSH_CLIENT = savedSshClient;
});

let ui: ConsoleHarness | undefined;
afterEach(async () => {
  await ui?.unmount();
  ui = undefined;
});

async function open(options: { readOnly?: boolean } = {}): Promise<ConsoleHarness> {
  ui = await renderConsole(server(), { initialScreen: 'bans', ...options });
  await ui.waitFor(/3 jails · \d+ of \d+ bans/);
  return ui;
}

/** What fail2ban itself says, asked inside the container. */
async function bannedIn(jail: string): Promise<string[]> {
  const result = await inAct(() => testbed().target.exec(['fail2ban-client', 'status', jail]));
  expect(result.exitCode, result.stderr).toBe(0);
  return parseJailStatus(result.stdout).bannedIps;
}

/** The rows under the "banned address" header, as drawn. */
function banLines(frame: string): string[] {
  const lines = frame.split('\n');
  const header = lines.findIndex((l) => l.includes('banned address'));
  const rows: string[] = [];
  for (const line of lines.slice(header + 1)) {
    if (!/^[›>] |^ {2}\S/.test(line)) break;
    rows.push(line);
  }
  return rows;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function banRow(address: string, jail: string): RegExp {
  return new RegExp(`^[›> ] ${escape(address)}\\s+${jail}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\d+d \\d+h$`);
}

async function selectBan(console: ConsoleHarness, address: string, jail: string): Promise<void> {
  const index = banLines(console.frame()).findIndex((l) => banRow(address, jail).test(l));
  expect(index, console.frame()).toBeGreaterThanOrEqual(0);
  await console.press('g', ...Array.from({ length: index }, () => KEYS.down));
  await console.waitFor((f) => banLines(f)[index]?.startsWith('› ') ?? false);
}

async function typeBan(console: ConsoleHarness, address: string): Promise<void> {
  await console.press('b');
  await console.waitFor(/Ban an address \(jail custom\)/);
  await console.enter(address);
}

async function clearField(console: ConsoleHarness, length: number): Promise<void> {
  await console.press(...Array.from({ length }, () => KEYS.backspace));
}

describe('Bans screen', () => {
  it('lists every jail with its four counters, and says nobody is banned', async () => {
    const console = await open();
    const frame = console.frame();
    expect(frame).toMatch(/^jail\s+failed now\s+failed total\s+banned now\s+banned total$/m);
    for (const jail of ['custom', 'dovecot', 'postfix']) expect(frame).toMatch(new RegExp(`^${jail}\\s+0\\s+0\\s+0\\s+0$`, 'm'));
    expect(frame).toContain('Nobody is banned. b bans an address by hand.');
    expect(frame).toContain('$ fail2ban-client status; per jail');
    expect(frame.split('\n').at(-1)).toMatch(/^Enter why \(the log lines behind the ban\) · b ban an IP · u unban · U unban from every jail/);
  });

  it('b: refuses what is not an IPv4/IPv6 address or CIDR network, with a clear message, and bans nothing', async () => {
    const console = await open();
    await console.press('b');
    await console.waitFor(/IPv4 or IPv6, or a CIDR network: 203\.0\.113\.7, 2001:db8::7, 203\.0\.113\.0\/24/);
    for (const [input, message] of [
      ['example.com', /'example\.com' is not an IP address or network/],
      ['10.0.0.0/33', /'10\.0\.0\.0\/33' has an invalid prefix length \(0–32\)/],
      ['2001:db8::1/129', /'2001:db8::1\/129' has an invalid prefix length \(0–128\)/],
      ['192.0.2.300', /'192\.0\.2\.300' is not an IP address or network/],
      ['', /Type an IPv4 or IPv6 address, or a network such as 203\.0\.113\.0\/24\./],
    ] as const) {
      await console.enter(input);
      await console.waitFor(message);
      await clearField(console, input.length);
    }
    await console.press(KEYS.esc);
    await console.waitFor(/Nobody is banned/);
    expect(await bannedIn('custom')).toEqual([]);
    expect(console.audit).toEqual([]);
  });

  it('b: bans an IPv4 address, a CIDR network and an IPv6 address in custom, each after a confirmation naming it', async () => {
    const console = await open();
    await typeBan(console, '203.0.113.7');
    await console.waitFor(/Ban 203\.0\.113\.7 in the custom jail\?/);
    await console.press('n');
    await console.waitFor(/Nobody is banned/);
    expect(await bannedIn('custom')).toEqual([]);

    for (const address of ['203.0.113.7', '198.51.100.0/24', '2001:db8::7']) {
      await typeBan(console, address);
      await console.waitFor(new RegExp(`Ban ${escape(address)} in the custom jail\\?`));
      await console.press('y');
      await console.waitFor(new RegExp(`ban ${escape(address)} \\(custom\\): done \\(banned in custom\\)`));
    }
    const frame = await console.waitFor((f) => banLines(f).length === 3);
    for (const address of ['203.0.113.7', '198.51.100.0/24', '2001:db8::7']) {
      expect(banLines(frame).some((l) => banRow(address, 'custom').test(l)), frame).toBe(true);
    }
    expect(frame).toMatch(/^custom\s+0\s+0\s+3\s+3$/m);
    expect(frame).toMatch(/ 179d 23h$/m);
    expect(await bannedIn('custom')).toEqual(['203.0.113.7', '198.51.100.0/24', '2001:db8::7']);
    expect(console.audit.map((e) => `${e.action} ${e.target} ${e.result}`)).toEqual([
      'ban 203.0.113.7 (custom) ok',
      'ban 198.51.100.0/24 (custom) ok',
      'ban 2001:db8::7 (custom) ok',
    ]);

    await typeBan(console, '203.0.113.7');
    await console.press('y');
    await console.waitFor(/ban 203\.0\.113\.7 \(custom\) failed: 203\.0\.113\.7 is already banned in custom/);
  });

  it('b: the Docker gateway, loopback and the ssh client need "force" typed; anything else leaves them unbanned', async () => {
    process.env.SSH_CLIENT = '198.18.7.9 51000 22';
    const console = await open();
    await typeBan(console, gateway);
    await console.waitFor(new RegExp(`Ban ${escape(gateway)}\\? It can lock you out\\.`));
    expect(console.frame()).toContain(`It would ban ${gateway} (the Docker gateway of network bridge (host traffic arrives from it)).`);
    await console.enter('yes');
    await console.waitFor(/Type force, or Esc to leave it unbanned\./);
    await console.press(KEYS.esc);
    await console.waitFor(/3 jails/);

    await typeBan(console, '127.0.0.1');
    await console.waitFor(/It would ban 127\.0\.0\.0\/8 \(loopback\)\./);
    await console.press(KEYS.esc);
    expect(await bannedIn('custom')).not.toContain(gateway);
    expect(await bannedIn('custom')).not.toContain('127.0.0.1');

    await typeBan(console, '198.18.0.0/16');
    await console.waitFor(/It would ban 198\.18\.7\.9 \(you are connected from it \(SSH_CLIENT\)\)\./);
    await console.enter('force');
    await console.waitFor(/ban \(forced\) 198\.18\.0\.0\/16 \(custom\): done/);
    expect(await bannedIn('custom')).toContain('198.18.0.0/16');
    expect(console.audit.at(-1)).toMatchObject({ action: 'ban (forced)', target: '198.18.0.0/16 (custom)', result: 'ok' });
  });

  it('the service refuses a protected address without force, whoever calls it', async () => {
    const refused = await banAddress(server(), `${gateway}`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProtectedAddressError);
    expect((refused as Error).message).toContain(`${gateway} (the Docker gateway of network bridge`);
    const cidr = await banAddress(server(), '0.0.0.0/0').catch((e: unknown) => e);
    expect((cidr as Error).message).toMatch(/127\.0\.0\.0\/8 \(loopback\)/);
    expect(await bannedIn('custom')).not.toContain('0.0.0.0/0');
  });

  it('Enter: why a manual ban is there (fail2ban.log), with the command that found it; Esc goes back', async () => {
    const console = await open();
    await selectBan(console, '203.0.113.7', 'custom');
    await console.press(KEYS.enter);
    const why = await console.waitFor(/\[custom\] Ban 203\.0\.113\.7/);
    expect(why).toMatch(/Why 203\.0\.113\.7 is banned in custom since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(179d 23h left\)/);
    expect(why).toContain('$ grep -F -i -- 203.0.113.7 /var/log/mail/fail2ban.log /var/log/mail/mail.log | tail -n 30');
    expect(why).toMatch(/^\d\d-\d\d \d\d:\d\d:\d\d fail2ban\.actions: \[custom\] Ban 203\.0\.113\.7$/m);
    await console.press(KEYS.esc);
    await console.waitFor(/banned address/);
  });

  it('a real burst of failed IMAP logins: dovecot bans the gateway, Enter shows the failures that led to it', async () => {
    const console = await open();
    expect(await inAct(() => failedLoginBurst(testbed().port(143), ALICE))).toBeGreaterThanOrEqual(6);
    await inAct(() => eventually(async () => (await bannedIn('dovecot')).includes(gateway), 20_000));
    await console.press('r');
    const frame = await console.waitFor((f) => banLines(f).some((l) => banRow(gateway, 'dovecot').test(l)));
    expect(frame).toMatch(/^dovecot\s+\d+\s+([6-9]|\d\d)\s+1\s+1$/m);
    expect(frame).toMatch(/ 6d 23h$/m);

    await selectBan(console, gateway, 'dovecot');
    await console.press(KEYS.enter);
    const why = await console.waitFor(new RegExp(`\\[dovecot\\] Ban ${escape(gateway)}`));
    expect(why).toContain(`Why ${gateway} is banned in dovecot`);
    expect(why).toContain(`[dovecot] Found ${gateway}`);
    // Older lines are above: ↑ scrolls back to Dovecot's own reason for the failures.
    // A wrapped line can enter the window by its tail: scroll until the whole reason is in view.
    const reason = new RegExp(`dovecot: auth\\(alice@example\\.test,${escape(gateway)},sasl:plain\\).*\\s*.*Password mismatch`);
    for (let i = 0; i < 30 && !reason.test(console.frame()); i++) await console.press(KEYS.up);
    expect(console.frame(), console.frame()).toMatch(reason);
    expect(console.frame()).toMatch(/\d+ newer below/);
    await console.press(KEYS.esc);
    await console.waitFor(/banned address/);
  });

  it('u: unbans from its jail after a confirmation naming address and jail; the client logs in again', async () => {
    const console = await open();
    await selectBan(console, gateway, 'dovecot');
    await console.press('u');
    await console.waitFor(new RegExp(`Unban ${escape(gateway)} from dovecot\\?`));
    await console.press('n');
    await console.waitFor(/banned address/);
    expect(await bannedIn('dovecot')).toEqual([gateway]);

    await console.press('u');
    await console.press('y');
    await console.waitFor(new RegExp(`unban ${escape(gateway)} \\(dovecot\\): done \\(lifted in dovecot\\)`));
    await console.waitFor((f) => !banLines(f).some((l) => l.includes(` ${gateway} `)));
    expect(await bannedIn('dovecot')).toEqual([]);
    expect(await inAct(() => imapLogin(testbed().port(143), ALICE, 'alice-pass'))).toBe(true);
    expect(console.audit).toEqual([{ action: 'unban', target: `${gateway} (dovecot)`, result: 'ok', detail: 'lifted in dovecot' }]);
  });

  it('U: unbans an address from every jail it is banned in, naming them', async () => {
    const banned = await testbed().target.exec(['fail2ban-client', 'set', 'dovecot', 'banip', '203.0.113.7']);
    expect(banned.stdout.trim()).toBe('1');
    const console = await open();
    await console.waitFor((f) => banLines(f).some((l) => banRow('203.0.113.7', 'dovecot').test(l)));
    await selectBan(console, '203.0.113.7', 'custom');
    await console.press('U');
    await console.waitFor(/Unban 203\.0\.113\.7 from every jail \(custom, dovecot\)\?/);
    await console.press('y');
    await console.waitFor(/unban 203\.0\.113\.7 \(every jail\): done \(lifted in custom, dovecot\)/);
    await console.waitFor((f) => !banLines(f).some((l) => l.includes(' 203.0.113.7 ')));
    expect(await bannedIn('custom')).not.toContain('203.0.113.7');
    expect(await bannedIn('dovecot')).toEqual([]);
  });

  it('/ filters the bans by address or jail', async () => {
    const console = await open();
    const total = banLines(console.frame()).length;
    await console.press('/', '2001:', KEYS.enter);
    await console.waitFor(new RegExp(`1 of ${total} bans`));
    expect(banLines(console.frame())).toEqual([expect.stringMatching(banRow('2001:db8::7', 'custom'))]);
    await console.press(KEYS.esc, '/', 'dovecot', KEYS.enter);
    await console.waitFor(/No ban matches "dovecot"\./);
    await console.press(KEYS.esc);
    await console.waitFor(new RegExp(`${total} of ${total} bans`));
  });

  it('--read-only: b, u and U are refused and hidden; why still works', async () => {
    const console = await open({ readOnly: true });
    expect(console.frame().split('\n').at(-1)).not.toMatch(/ban an IP|unban/);
    for (const key of ['b', 'u', 'U']) {
      await console.press(key);
      await console.waitFor(/Read-only mode: this would change the server\./);
      expect(console.frame()).not.toMatch(/Ban an address|Unban /);
    }
    await console.press(KEYS.enter);
    await console.waitFor(/Why \S+ is banned in custom/);
    await console.press(KEYS.esc);
    expect(console.audit).toEqual([]);
  });

  it('has its number key in the console, and keeps its place when switching away and back', async () => {
    ui = await renderConsole(server());
    await ui.waitFor(/1 of 1 accounts/);
    await ui.press(screenKey('bans'));
    await ui.waitFor(/3 jails/);
    await ui.press(KEYS.down, screenKey('accounts'));
    await ui.waitFor(/1 of 1 accounts/);
    await ui.press(screenKey('bans'));
    await ui.waitFor((f) => banLines(f)[1]?.startsWith('› ') ?? false);
  });
});
