import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { startTestbedContainer, TEST_DOMAIN, type Testbed } from '../support/testbed-container.js';
import { shellQuote, startTmuxTerminal } from '../support/tmux-terminal.js';
import { report } from './measure.js';
import { populate } from './setup-bench.js';

const CLI = fileURLToPath(new URL('../../dist/mailwiz.js', import.meta.url));
export const COLD_RUNS = 5;
const KEY_RUNS = 60;
const DOWN = '\u001b[B';

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

/**
 * `mailwiz ARGS console` built, in a 100×30 tmux window: ms until the first frame, until the screen first matches
 * `early` (if given), and until it shows `drawn` (e.g. the Accounts list complete).
 */
export async function consoleColdStart(
  args: readonly string[],
  drawn: RegExp,
  early?: RegExp,
): Promise<{ firstFrame: number; earlyDrawn: number; listDrawn: number }> {
  const configDir = await mkdtemp(join(tmpdir(), 'mailwiz-conf-'));
  const started = performance.now();
  const terminal = await startTmuxTerminal({
    command: `node ${shellQuote(CLI)} ${args.map(shellQuote).join(' ')} console`,
    columns: 100,
    rows: 30,
    env: { MAILWIZ_CONFIG_DIR: configDir, TERM: 'xterm-256color' },
  });
  try {
    let firstFrame = 0;
    let earlyDrawn = 0;
    await terminal.waitFor((screen) => {
      const now = performance.now() - started;
      if (!firstFrame && screen.startsWith('mailwiz')) firstFrame = now;
      if (early && !earlyDrawn && early.test(screen)) earlyDrawn = now;
      return drawn.test(screen);
    }, 120_000, 5);
    const listDrawn = performance.now() - started;
    return { firstFrame, earlyDrawn: earlyDrawn || listDrawn, listDrawn };
  } finally {
    await terminal.kill();
    await rm(configDir, { recursive: true, force: true });
  }
}

const BARE_INK = fileURLToPath(new URL('./bare-ink-frame.mjs', import.meta.url));

/**
 * The floors for the console's times, measured the same way (tmux, launch to text on screen): a bare Node start, and
 * a bare Ink app drawing one line (Node, Ink and React loaded: what no Ink console can go below).
 */
async function floorInTmux(kind: 'node' | 'ink'): Promise<number> {
  const started = performance.now();
  // The sleep keeps the pane open: tmux may drop the output of a pane that is gone before it is drawn.
  const command = kind === 'node' ? `node -e "process.stdout.write('node-ready')"; sleep 30` : `node ${shellQuote(BARE_INK)}`;
  const terminal = await startTmuxTerminal({ command, columns: 100, rows: 30, env: { TERM: 'xterm-256color' } });
  try {
    await terminal.waitFor(/(node|ink)-ready/, 60_000, 5);
    return performance.now() - started;
  } finally {
    await terminal.kill();
  }
}

/** Issue targets at 1,000 accounts: shell ≤ 2× and list ≤ 3× a bare Node start; quota filled ≤ 1.5× the doveadm floor after the list. */
async function consoleTargets(testbed: Testbed): Promise<void> {
  await populate(testbed, 1000);
  const bare: number[] = [];
  const ink: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    bare.push(await floorInTmux('node'));
    ink.push(await floorInTmux('ink'));
  }
  const runs: { firstFrame: number; earlyDrawn: number; listDrawn: number }[] = [];
  for (let i = 0; i < COLD_RUNS; i++) runs.push(await consoleColdStart(['-c', testbed.name], /1000 of 1000 accounts/, /1000 (of 1000 )?accounts/));
  const floor: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const started = performance.now();
    await testbed.target.exec(['doveadm', '-f', 'tab', 'quota', 'get', '-A']);
    floor.push(performance.now() - started);
  }
  const median = (values: number[]): number => percentile(values, 0.5);
  const bareMs = median(bare);
  const inkMs = median(ink);
  const shell = median(runs.map((r) => r.firstFrame));
  const list = median(runs.map((r) => r.earlyDrawn));
  const filledAfter = median(runs.map((r) => r.listDrawn - r.earlyDrawn));
  const doveadm = median(floor);
  report(`console at 1,000 accounts, built CLI in tmux 100×30, as ratios to floors measured in this run (median of ${COLD_RUNS})`, [
    ['bare Node start (tmux, launch to text)', bareMs, ''],
    ['bare Ink app, one line (Node + Ink + React)', inkMs, `${(inkMs / bareMs).toFixed(1)}× bare Node`],
    ['shell frame', shell, `${(shell / bareMs).toFixed(1)}× bare Node (target ≤ 2); ${(shell / inkMs).toFixed(1)}× bare Ink`],
    ['Accounts list drawn', list, `${(list / bareMs).toFixed(1)}× bare Node (target ≤ 3); ${(list / inkMs).toFixed(1)}× bare Ink`],
    ['one doveadm -f tab quota get -A', doveadm, ''],
    ['quota filled, after the list', filledAfter, `${(filledAfter / doveadm).toFixed(1)}× doveadm (target ≤ 1.5)`],
  ], ['what', 'ms', 'ratio']);
}

async function coldStarts(testbed: Testbed, accounts: number): Promise<(string | number)[]> {
  const runs: { firstFrame: number; listDrawn: number }[] = [];
  const list = new RegExp(`${accounts} of ${accounts} accounts`);
  for (let i = 0; i < COLD_RUNS; i++) runs.push(await consoleColdStart(['-c', testbed.name], list));
  const median = (key: 'firstFrame' | 'listDrawn'): number => percentile(runs.map((r) => r[key]), 0.5);
  return [accounts, median('firstFrame'), median('listDrawn')];
}

/**
 * Keystroke to frame on the Accounts screen, in-process (ink-testing-library, the real ConsoleApp on a real testbed):
 * ms from `stdin.write(↓)` to Ink writing the changed frame. The cursor first goes to the bottom row of the window, so
 * every ↓ scrolls the list (the frame text changes even without colour).
 */
async function keystrokes(testbed: Testbed, accounts: number): Promise<number[]> {
  const [{ render }, { ConsoleApp }, { CONSOLE_SCREENS }, { mailServer }] = await Promise.all([
    import('ink-testing-library'),
    import('../../screens/console-app.js'),
    import('../../screens/console-screens.js'),
    import('../../src/services/mail-server.js'),
  ]);
  const app = render(createElement(ConsoleApp, { server: mailServer(testbed.target), screens: CONSOLE_SCREENS }));
  const stdout = app.stdout as unknown as { write: (frame: string) => void };
  const write = stdout.write.bind(stdout);
  let waiter: ((frame: string) => void) | undefined;
  stdout.write = (frame: string) => {
    write(frame);
    waiter?.(frame);
  };
  const nextFrame = (): Promise<string> => new Promise((resolve) => (waiter = resolve));
  try {
    const loaded = new RegExp(`${accounts} of ${accounts} accounts`);
    while (!loaded.test(app.lastFrame() ?? '')) await nextFrame();
    for (let i = 0; i < 30; i++) {
      app.stdin.write(DOWN);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const times: number[] = [];
    for (let i = 0; i < KEY_RUNS; i++) {
      const before = app.lastFrame();
      const changed = new Promise<number>((resolve) => {
        waiter = (frame) => {
          if (frame !== before) resolve(performance.now());
        };
      });
      const sent = performance.now();
      app.stdin.write(DOWN);
      times.push((await changed) - sent);
      waiter = undefined;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return times;
  } finally {
    app.unmount();
  }
}

/** `npm run bench -- console-frames`: only the targets at 1,000 accounts (a few minutes, not the 10,000 runs). */
export async function consoleFramesBench(image: string): Promise<void> {
  const testbed = await startTestbedContainer(image, { accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'x' }] });
  try {
    await consoleTargets(testbed);
  } finally {
    await testbed.remove();
  }
}

/** `npm run bench`: console cold start (built CLI in tmux) and keystroke-to-frame on the Accounts screen. */
export async function consoleBench(image: string): Promise<void> {
  const testbed = await startTestbedContainer(image, { accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'x' }] });
  try {
    const cold = [await coldStarts(testbed, 1)];
    await consoleTargets(testbed);
    await populate(testbed, 10_000);
    cold.push(await coldStarts(testbed, 10_000));
    report(`console cold start, built CLI in tmux 100×30 (median of ${COLD_RUNS})`, cold, ['accounts', 'first frame ms', 'list drawn ms']);

    const times = await keystrokes(testbed, 10_000);
    report(`keystroke to frame, Accounts screen with 10,000 accounts (↓ that scrolls, ${KEY_RUNS} presses)`, [
      [percentile(times, 0.5), percentile(times, 0.95), Math.max(...times)],
    ], ['median ms', 'p95 ms', 'max ms']);
  } finally {
    await testbed.remove();
  }
}
