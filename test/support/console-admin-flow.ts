import { expect } from 'vitest';
import { failedLoginBurst } from './console-failed-logins.js';
import { screenKey } from './console-render.js';
import { eventually } from './eventually.js';
import { imapLogin } from './mail-clients.js';
import type { Testbed } from './testbed.js';
import type { TmuxTerminal } from './tmux-terminal.js';

export interface AdminFlow {
  terminal: TmuxTerminal;
  testbed: Testbed;
  /** The Docker gateway: the address host traffic (our IMAP clients) arrives from, which fail2ban bans. */
  gateway: string;
  /** A new account to add, e.g. `dana@example.test`. */
  address: string;
  password: string;
  /** TERM=linux: ASCII marks (`+` for live). */
  ascii: boolean;
  /** How many accounts the list shows before the new one. */
  accountsBefore: number;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * What an admin does in the console, in a real terminal against a real server: add an account, see it turn live, log
 * in over IMAP with it; then a real burst of failed logins gets the client banned; see the ban with its reason, unban
 * it, and log in again.
 */
export async function addAccountAndLogIn(flow: AdminFlow): Promise<void> {
  const { terminal, testbed, address, password, ascii, accountsBefore } = flow;
  await terminal.waitFor(new RegExp(`${accountsBefore} of ${accountsBefore} accounts`), 30_000);
  await terminal.press('a');
  await terminal.waitFor(/New account/);
  await terminal.enter(address);
  await terminal.waitFor(/Password again|Password: /);
  await terminal.enter(password);
  await terminal.enter(password);
  await terminal.waitFor(/Quota \(optional\)/);
  await terminal.enter('');
  await terminal.waitFor(new RegExp(`add account ${escape(address)}: done`));
  const live = new RegExp(`^${ascii ? '\\+' : '✓'} ${escape(address)} `, 'm');
  await terminal.waitFor(live, 30_000);
  // DMS's change detector empties Dovecot's userdb and writes it again at each change, then reloads Dovecot: a
  // login in that short window is refused although the account is listed. Live means it logs in within seconds.
  expect(await eventually(() => imapLogin(testbed.port(143), address, password), 15_000, 500)).toBe(true);
}

export async function banSeeWhyAndUnban(flow: AdminFlow): Promise<void> {
  const { terminal, testbed, gateway, address, password } = flow;
  const gatewayRow = new RegExp(`^. ${escape(gateway)}\\s+dovecot\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+6d 23h$`, 'm');
  await terminal.press(screenKey('bans'));
  await terminal.waitFor(/3 jails · \d+ of \d+ bans/);

  expect(await failedLoginBurst(testbed.port(143), address)).toBeGreaterThanOrEqual(6);
  const banned = await eventually(async () => {
    await terminal.press('r');
    return gatewayRow.test(await terminal.capture());
  }, 30_000, 1000);
  expect(banned, await terminal.capture()).toBe(true);

  await terminal.press('g', 'Enter');
  await terminal.waitFor(new RegExp(`\\[dovecot\\] Ban ${escape(gateway)}`));
  expect(await terminal.capture()).toContain(`Why ${gateway} is banned in dovecot`);
  await terminal.press('Escape');
  await terminal.waitFor(gatewayRow);

  await terminal.press('u');
  await terminal.waitFor(new RegExp(`Unban ${escape(gateway)} from dovecot\\?`));
  await terminal.press('y');
  await terminal.waitFor(new RegExp(`unban ${escape(gateway)} \\(dovecot\\): done`));
  await terminal.waitFor((screen) => !gatewayRow.test(screen));
  expect(await imapLogin(testbed.port(143), address, password)).toBe(true);
}

/** `q` ends the console; the program (or the ssh session) exits with 0. */
export async function quit(terminal: TmuxTerminal): Promise<void> {
  await terminal.press('q');
  expect(await eventually(async () => (await terminal.exitStatus()) !== undefined, 10_000, 100)).toBe(true);
  expect(await terminal.exitStatus()).toBe(0);
}
