import { Text } from 'ink';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useConsole } from '../../screens/console-context.js';
import { CONSOLE_SCREENS } from '../../screens/console-screens.js';
import type { ScreenDefinition } from '../../screens/screen.js';
import { useBindings } from '../../screens/use-bindings.js';
import type { Binding } from '../../src/ui/keymap.js';
import { mailServer } from '../../src/services/mail-server.js';
import { KEYS, renderConsole, screenKey, type ConsoleHarness } from '../support/console-render.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

// fail2ban is off here, as with DMS's default ENABLE_FAIL2BAN=0: the Bans screen must say so.
const testbed = useTestbed({
  accounts: [
    { address: `alice@${TEST_DOMAIN}`, password: 'alice-pass' },
    { address: `bob@${TEST_DOMAIN}`, password: 'bob-pass' },
  ],
});

let ui: ConsoleHarness | undefined;
afterEach(async () => {
  await ui?.unmount();
  ui = undefined;
});

async function open(): Promise<ConsoleHarness> {
  ui = await renderConsole(mailServer(testbed().target));
  await ui.waitFor(/2 of 2 accounts/);
  return ui;
}

/** Which screen is shown: the title the help overlay names first (the line under the tabs). */
async function expectShown(console: ConsoleHarness, title: string): Promise<void> {
  await console.press('?');
  const frame = await console.waitFor(/Everywhere/);
  await console.press(KEYS.esc);
  expect(frame.split('\n')[2]).toMatch(new RegExp(`^${title}\\b`));
}

describe('console shell', () => {
  it('draws the header, one tab per screen, the Accounts list and the main keys', async () => {
    const console = await open();
    const frame = console.frame();
    expect(frame).toContain(`mailwiz · ${testbed().name}`);
    expect(frame).toMatch(/running/);
    expect(frame.split('\n')[1]?.trim()).toBe(CONSOLE_SCREENS.map((s, i) => `${i + 1} ${s.title}`).join('  '));
    expect(frame).toContain(`alice@${TEST_DOMAIN}`);
    expect(frame).toContain(`bob@${TEST_DOMAIN}`);
    expect(frame.split('\n').at(-1)).toMatch(/^a add an account · p change the password · l aliases of the account/);
  });

  it('number keys pick a screen; Tab and Shift-Tab go round', async () => {
    const console = await open();
    await console.press(screenKey('bans'));
    await console.waitFor(/Fail2ban does not answer on this server/);
    expect(console.frame()).not.toContain(`alice@${TEST_DOMAIN}`);
    await console.press(screenKey('accounts'));
    await console.waitFor(/2 of 2 accounts/);

    await console.press(KEYS.tab);
    await expectShown(console, CONSOLE_SCREENS[1]!.title);
    await console.press(KEYS.shiftTab);
    await expectShown(console, 'Accounts');
    await console.press(KEYS.shiftTab);
    await expectShown(console, CONSOLE_SCREENS.at(-1)!.title);
    await console.press(KEYS.tab);
    await console.waitFor(/2 of 2 accounts/);
  });

  it('? lists every key of the screen and of the shell; Esc closes it', async () => {
    const console = await open();
    await console.press('?');
    const help = await console.waitFor(/Everywhere/);
    for (const text of ['Accounts', 'add an account', 'change the password', 'delete the account', 'filter the list (Esc clears)', 'quit']) {
      expect(help).toContain(text);
    }
    // In 24 rows the shell's keys stand beside the screen's: the screen list may be cut, the tabs show it whole.
    expect(help).toMatch(new RegExp(`1–${CONSOLE_SCREENS.length}\\s+1 Accounts, 2 ${CONSOLE_SCREENS[1]!.title}`));
    expect(help).toMatch(/Accounts\s+Everywhere/);
    await console.press(KEYS.esc);
    await console.waitFor((f) => !f.includes('Everywhere') && f.includes('2 of 2 accounts'));

    await console.press(screenKey('bans'), '?');
    const bansHelp = await console.waitFor(/Everywhere/);
    expect(bansHelp).toMatch(/Enter\s+why \(the log lines behind the ban\)/);
    expect(bansHelp).toMatch(/U\s+unban from every jail/);
    await console.press('?');
    await console.waitFor((f) => !f.includes('Everywhere'));
  });

  it('/ filters the list as you type; Enter keeps the filter, Esc clears it', async () => {
    const console = await open();
    await console.press('/');
    await console.press('bo');
    await console.waitFor(/1 of 2 accounts/);
    expect(console.frame()).toContain('/bo');
    await console.press(KEYS.enter);
    const kept = await console.waitFor(/filter: bo \(Esc clears\)/);
    expect(kept).not.toContain(`alice@${TEST_DOMAIN}`);
    await console.press('/', 'zzz', KEYS.enter);
    await console.waitFor(/No account matches "bozzz"/);
    await console.press(KEYS.esc);
    const cleared = await console.waitFor(/2 of 2 accounts/);
    expect(cleared).not.toContain('filter:');
  });

  it(': runs a command: a screen name, :audit, :help, and says so when it does not know one', async () => {
    const console = await open();
    await console.press(':', 'bans', KEYS.enter);
    await console.waitFor(/Fail2ban does not answer/);
    await console.press(':', 'accounts', KEYS.enter);
    await console.waitFor(/2 of 2 accounts/);
    await console.press(':', 'nonsense', KEYS.enter);
    await console.waitFor(/Unknown command "nonsense"\. Try :help, :audit, :quit or a screen name\./);
    await console.press(':', 'audit', KEYS.enter);
    await console.waitFor(/No changes recorded yet\./);
    await console.press(KEYS.esc, ':', 'help', KEYS.enter);
    await console.waitFor(/Everywhere/);
    await console.press(KEYS.esc);
  });

  it('q quits, also from another screen; a key typed into a form is not a quit', async () => {
    const console = await open();
    await console.press('a');
    await console.waitFor(/New account/);
    await console.press('q');
    await console.waitFor(/Address: q/);
    expect(console.listening()).toBe(true);
    await console.press(KEYS.esc);
    await console.waitFor(/2 of 2 accounts/);
    await console.press(screenKey('bans'), 'q');
    await console.waitFor(() => !console.listening(), 5000);
  });
});

describe('screen keys go through the shell', () => {
  /** A screen written as a new screen would be: its bindings and handlers, and not a word about read-only mode. */
  const handled: string[] = [];
  const bindings: readonly Binding<'change' | 'look'>[] = [
    { action: 'change', keys: ['x'], description: 'change the server', main: true, changes: true },
    { action: 'look', keys: ['v'], description: 'look at the server', main: true },
  ];
  function Throwaway({ focused }: { shown: boolean; focused: boolean }): ReactNode {
    const { ask } = useConsole();
    const change = async (): Promise<void> => {
      if (await ask.confirm('Change the server?', 'The shell draws this question; the screen only awaits it.')) handled.push('change');
    };
    useBindings(bindings, { change: () => void change(), look: () => handled.push('look') }, { isActive: focused });
    return <Text>throwaway screen, {handled.length} keys handled</Text>;
  }
  const throwaway: ScreenDefinition = { id: 'throwaway', title: 'Throwaway', bindings, Component: Throwaway };

  it('--read-only refuses a changing binding the screen itself never checks; ? lists it as off, with the reason', async () => {
    handled.length = 0;
    ui = await renderConsole(mailServer(testbed().target), { readOnly: true, screens: [throwaway] });
    const console = ui;
    await console.waitFor(/throwaway screen/);
    expect(console.frame().split('\n').at(-1)).not.toContain('change the server');
    expect(console.frame().split('\n').at(-1)).toContain('v look at the server');
    await console.press('x');
    await console.waitFor(/Read-only mode: this would change the server\./);
    await console.press('v');
    await console.waitFor(() => handled.length === 1);
    expect(handled).toEqual(['look']);
    await console.press('?');
    const help = await console.waitFor(/Everywhere/);
    expect(help).toMatch(/x\s+change the server \(off: --read-only\)/);
    expect(help).not.toMatch(/look at the server \(off/);
  });

  it('without --read-only the same binding reaches its handler, whose awaited question the shell draws', async () => {
    handled.length = 0;
    ui = await renderConsole(mailServer(testbed().target), { screens: [throwaway] });
    await ui.waitFor(/throwaway screen/);
    expect(ui.frame().split('\n').at(-1)).toContain('x change the server');
    await ui.press('x');
    const asked = await ui.waitFor(/Change the server\?/);
    expect(asked).toContain('The shell draws this question; the screen only awaits it.');
    expect(asked).not.toContain('throwaway screen');
    await ui.press('v');
    expect(handled).toEqual([]);
    await ui.press('n');
    await ui.waitFor(/throwaway screen/);
    expect(handled).toEqual([]);
    await ui.press('x');
    await ui.waitFor(/Change the server\?/);
    await ui.press('y', 'v');
    await ui.waitFor(() => handled.length === 2);
    expect(handled).toEqual(['change', 'look']);
  });
});
