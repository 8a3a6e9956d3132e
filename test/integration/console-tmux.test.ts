import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addAccountAndLogIn, banSeeWhyAndUnban, quit, type AdminFlow } from '../support/console-admin-flow.js';
import { CLI } from '../support/run-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';
import { shellQuote, startTmuxTerminal, type TmuxTerminal } from '../support/tmux-terminal.js';

/** The built `mailwiz console` in a real terminal (tmux), against a real testbed with fail2ban. Needs `npm run build`. */
const testbed = useTestbed({ fail2ban: true, accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'seed-pass' }] });

let gateway = '';
beforeAll(async () => {
  gateway = (await testbed().target.info()).networks?.[0]?.gateway ?? '';
  expect(gateway).not.toBe('');
});

let terminal: TmuxTerminal | undefined;
afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
});

async function consoleIn(columns: number, rows: number, env: Record<string, string>): Promise<{ terminal: TmuxTerminal; configDir: string }> {
  const configDir = await mkdtemp(join(tmpdir(), 'mailwiz-conf-'));
  terminal = await startTmuxTerminal({
    command: `node ${shellQuote(CLI)} -c ${testbed().name} console`,
    columns,
    rows,
    env: { MAILWIZ_CONFIG_DIR: configDir, ...env },
  });
  return { terminal, configDir };
}

function flow(terminal: TmuxTerminal, name: string, ascii: boolean, accountsBefore: number): AdminFlow {
  return { terminal, testbed: testbed(), gateway, address: `${name}@${TEST_DOMAIN}`, password: `${name}-pass`, ascii, accountsBefore };
}

async function auditActions(configDir: string): Promise<string[]> {
  const lines = (await readFile(join(configDir, 'audit.jsonl'), 'utf8')).trim().split('\n');
  return lines.map((line) => {
    const entry = JSON.parse(line) as { action: string; target: string; result: string };
    return `${entry.action} ${entry.target} ${entry.result}`;
  });
}

describe('mailwiz console in a real terminal', () => {
  it('100×30: add an account, see it live, log in; a failed-login burst is banned, shown with its reason, unbanned', async () => {
    const { terminal, configDir } = await consoleIn(100, 30, { TERM: 'xterm-256color' });
    const first = await terminal.waitFor(/1 of 1 accounts/, 30_000);
    expect(first.split('\n')[0]).toMatch(new RegExp(`^mailwiz · ${testbed().name} · .* · running`));
    await addAccountAndLogIn(flow(terminal, 'erin', false, 1));
    await banSeeWhyAndUnban(flow(terminal, 'erin', false, 2));
    await quit(terminal);
    expect(await auditActions(configDir)).toEqual([`add account erin@${TEST_DOMAIN} ok`, `unban ${gateway} (dovecot) ok`]);
  });

  it('80×24 with TERM=linux and NO_COLOR: the same, in ASCII, and no line wider than the window', async () => {
    const { terminal } = await consoleIn(80, 24, { TERM: 'linux', NO_COLOR: '1' });
    await addAccountAndLogIn(flow(terminal, 'finn', true, 2));
    const accounts = await terminal.capture();
    // The theme's marks are ASCII (Ink's own truncation mark … aside).
    expect(accounts).not.toMatch(/[✓█░↑↓∞]/);
    expect(accounts.split('\n')[0]).toMatch(/^mailwiz · /);
    expect(accounts.split('\n')).toHaveLength(24);
    expect(Math.max(...accounts.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    await banSeeWhyAndUnban(flow(terminal, 'finn', true, 3));
    await terminal.press('?');
    const help = await terminal.waitFor(/Everywhere/);
    expect(help).toMatch(/Up\/k\s+move up/);
    expect(help).toMatch(/U\s+unban from every jail/);
    await terminal.press('Escape');
    await quit(terminal);
  });
});
