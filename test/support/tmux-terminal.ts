import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { ensureDebianBinary } from './pebble.js';

/**
 * A real terminal for the console's end-to-end tests: a detached tmux session of a fixed size on a socket of its own
 * (`tmux -L`, never the default one: other tmux users share it), with no status line (the pane is the whole window)
 * and a pane that stays after its program ends, so its last frame and exit status can be read.
 */
export interface TmuxTerminal {
  /** The pane as plain text, one line per row, trailing blanks trimmed. */
  capture(): Promise<string>;
  /** Each key as its own send-keys (GUIDE §3): tmux key names (Enter, Escape, Down, BTab) or literal text. */
  press(...keys: string[]): Promise<void>;
  /** Types text literally, then Enter on its own. */
  enter(text: string): Promise<void>;
  /** Polls the pane every `intervalMs` (default 100) until it matches. */
  waitFor(expected: RegExp | ((screen: string) => boolean), timeoutMs?: number, intervalMs?: number): Promise<string>;
  /** The program's exit status once it has ended, else undefined. */
  exitStatus(): Promise<number | undefined>;
  kill(): Promise<void>;
}

export interface TmuxOptions {
  /** One shell command line, run by tmux's shell. */
  command: string;
  columns: number;
  rows: number;
  env?: Record<string, string>;
}

const KEY_NAMES = new Set(['Enter', 'Escape', 'Up', 'Down', 'Left', 'Right', 'Tab', 'BTab', 'BSpace', 'Home', 'End', 'PageUp', 'PageDown', 'C-c']);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const EXIT_MARK = '[program exited with status ';

export async function startTmuxTerminal(options: TmuxOptions): Promise<TmuxTerminal> {
  await ensureDebianBinary('tmux', '/usr/bin/tmux');
  const socket = `mailwiz-console-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-tmux-'));
  const conf = join(dir, 'tmux.conf');
  await writeFile(conf, 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 2000\nset -sg escape-time 0\n');
  const tmux = (args: string[]): Promise<{ stdout: string }> => execa('tmux', ['-L', socket, '-f', conf, ...args], { env: { TMUX: '' } });
  const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
  // The shell prints the program's exit status itself: tmux does not always fill in #{pane_dead_status}.
  const line = `${env ? `env ${env} ` : ''}${options.command}; echo "${EXIT_MARK}$?]"`;
  await tmux(['new-session', '-d', '-s', 'main', '-x', String(options.columns), '-y', String(options.rows), line]);

  const capture = async (): Promise<string> =>
    (await tmux(['capture-pane', '-p', '-t', 'main'])).stdout
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n');
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      await tmux(KEY_NAMES.has(key) ? ['send-keys', '-t', 'main', key] : ['send-keys', '-t', 'main', '-l', key]);
      await sleep(30);
    }
  };
  return {
    capture,
    press,
    enter: async (text) => {
      if (text) await press(text);
      await press('Enter');
    },
    waitFor: async (expected, timeoutMs = 20_000, intervalMs = 100) => {
      const check = typeof expected === 'function' ? expected : (s: string) => expected.test(s);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = await capture();
        if (check(screen)) return screen;
        if (Date.now() > deadline) {
          const pid = (await tmux(['display-message', '-p', '-t', 'main', '#{pane_pid} #{pane_dead}'])).stdout.trim();
          const ps = await execa('ps', ['-eo', 'pid,ppid,stat,etime,args', '--forest'], { reject: false });
          const tree = String(ps.stdout).split('\n').filter((l) => /node|sh -c|env /.test(l)).slice(0, 30).join('\n');
          throw new Error(`tmux did not show ${String(expected)} within ${timeoutMs} ms (pane ${pid}); screen:\n${screen}\nprocesses:\n${tree}`);
        }
        await sleep(intervalMs);
      }
    },
    exitStatus: async () => {
      const marked = /\[program exited with status (\d+)\]/.exec(await capture());
      if (marked?.[1]) return Number(marked[1]);
      const { stdout } = await tmux(['display-message', '-p', '-t', 'main', '#{pane_dead} #{pane_dead_status}']);
      const [dead, status = ''] = stdout.trim().split(' ');
      return dead === '1' && status !== '' ? Number(status) : undefined;
    },
    kill: async () => {
      // Our own socket only: this ends our session's server, nobody else's.
      await tmux(['kill-server']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
