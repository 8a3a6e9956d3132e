import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { CLI } from '../support/run-cli.js';
import { shellQuote, startTmux, type TmuxSession } from '../support/tmux-session.js';

/** The built wizard in a real terminal at 80×24, TERM=linux and NO_COLOR: Ctrl-C, then resuming. */
const cli = process.env.MAILWIZ_CLI ?? CLI;
let terminal: TmuxSession | undefined;
afterEach(async () => {
  await terminal?.kill();
});

async function wizardIn(base: string): Promise<TmuxSession> {
  terminal = await startTmux({
    command: `node ${shellQuote(cli)} wizard --dir ${shellQuote(join(base, 'mail'))}`,
    columns: 80,
    rows: 24,
    env: { MAILWIZ_CONFIG_DIR: join(base, 'conf'), TERM: 'linux', NO_COLOR: '1' },
  });
  return terminal;
}

function fitsPlainTerminal(screen: string): void {
  expect(screen).not.toMatch(/[✓✗█░↑↓←→•›]/);
  expect(screen).not.toMatch(/\u001b\[/);
  expect(Math.max(...screen.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
}

describe('the wizard in an 80×24 plain terminal', () => {
  it('stops on Ctrl-C with nothing written, and offers to resume where it stopped', async () => {
    const base = await mkdtemp(join(tmpdir(), 'mailwiz-ctrlc-'));
    const t = await wizardIn(base);
    await t.waitFor(/step 1 of 8 · Pre-flight/);
    fitsPlainTerminal(await t.capture());
    await t.enter('');
    await t.waitFor(/What now\?/);
    fitsPlainTerminal(await t.capture());
    await t.enter('');
    await t.enter('example.org');
    await t.waitFor(/> mail\.example\.org/);
    await t.enter('');
    await t.waitFor(/Public IPv4 address\n/);
    await t.press('Escape');
    await t.waitFor(/> mail\.example\.org/);
    await t.enter('');
    await t.waitFor(/Public IPv4 address\n/);
    await t.press(...new Array<string>(40).fill('BSpace'));
    await t.enter('198.51.100.4');
    await t.waitFor(/Public IPv6 address\n/);
    await t.press(...new Array<string>(40).fill('BSpace'));
    await t.enter('');
    await t.waitFor(/Publish the mail ports on/);
    fitsPlainTerminal(await t.capture());
    await t.enter('');
    await t.waitFor(/step 3 of 8 · Accounts/);
    await t.enter('');
    await t.enter('');
    await t.type('half-typed');
    await t.waitFor(/> \*{10}/);
    fitsPlainTerminal(await t.capture());
    await t.press('C-c');
    expect(await eventually(async () => (await t.exitStatus()) !== undefined, 10_000, 100), await t.capture()).toBe(true);
    expect(await t.exitStatus()).toBe(130);
    expect(await t.capture()).toContain('Stopped. Nothing half-written; your answers are kept: run mailwiz again to resume.');
    expect(await readdir(base)).toEqual(['conf']);
    await t.kill();

    const again = await wizardIn(base);
    await again.waitFor(/stopped at .Accounts./);
    fitsPlainTerminal(await again.capture());
    await again.enter('');
    await again.waitFor(/step 3 of 8 · Accounts/);
    await again.enter('');
    await again.waitFor(/> admin@example\.org/);
  });
});
