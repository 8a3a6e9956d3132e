import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { ensurePackages } from './wizard-apt.js';

/**
 * A program in a real terminal: a detached tmux session of a fixed size, driven with send-keys and read with
 * capture-pane. The pane stays after the program ends (remain-on-exit), so its exit status can be read.
 */

export interface TmuxOptions {
  command: string;
  columns?: number;
  rows?: number;
  env?: Record<string, string>;
}

export interface TmuxSession {
  /** The visible screen; with `history`, everything the program printed that scrolled off too. */
  capture: (history?: boolean) => Promise<string>;
  /** tmux key names (Enter, Escape, Down, BSpace, C-c) or single characters, one send-keys each. */
  press: (...keys: string[]) => Promise<void>;
  /** Literal text, without Enter. */
  type: (text: string) => Promise<void>;
  /** Literal text (if any), then Enter on its own. */
  enter: (text: string) => Promise<void>;
  waitFor: (until: RegExp | ((screen: string) => boolean), timeoutMs?: number) => Promise<string>;
  /** The program's exit status once it ended, else undefined. */
  exitStatus: () => Promise<number | undefined>;
  kill: () => Promise<void>;
}

const KEY_PAUSE_MS = 80;

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

const EXIT_MARK = '[program exited with status ';

export async function startTmux(options: TmuxOptions): Promise<TmuxSession> {
  await ensurePackages({ '/usr/bin/tmux': 'tmux' });
  const name = `mailwiz-${randomBytes(4).toString('hex')}`;
  const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const command = env.length > 0 ? `env ${env.join(' ')} ${options.command}` : options.command;
  const size = ['-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30)];
  // A server of its own (tmux -L): the default one is shared with whatever else runs tmux on this machine.
  const run = (args: string[], options: { reject?: boolean } = {}) => execa('tmux', ['-L', name, ...args], { env: { TMUX: '' }, ...options });
  // The shell prints the program's exit status itself: tmux does not always fill in #{pane_dead_status}.
  await run(['new-session', '-d', '-s', name, ...size, 'sh', '-c', `sleep 0.2; ${command}; echo "${EXIT_MARK}$?]"`]);
  await run(['set-option', '-t', name, 'remain-on-exit', 'on']);
  const tmux = (args: string[]): Promise<unknown> => run(args);
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, KEY_PAUSE_MS));
  const capture = async (history = false): Promise<string> =>
    (await run(['capture-pane', '-p', '-J', '-t', name, ...(history ? ['-S', '-'] : [])])).stdout;
  return {
    capture,
    press: async (...keys) => {
      for (const key of keys) {
        await tmux(['send-keys', '-t', name, key]);
        await pause();
      }
    },
    type: async (text) => {
      await tmux(['send-keys', '-t', name, '-l', text]);
      await pause();
    },
    enter: async (text) => {
      if (text !== '') {
        await tmux(['send-keys', '-t', name, '-l', text]);
        await pause();
      }
      await tmux(['send-keys', '-t', name, 'Enter']);
      await pause();
    },
    waitFor: async (until, timeoutMs = 20_000) => {
      const test = typeof until === 'function' ? until : (screen: string) => until.test(screen);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = await capture();
        if (test(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(until)}; it shows:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    },
    exitStatus: async () => {
      const marked = new RegExp(`${EXIT_MARK.replace(/[[\]]/g, '\\$&')}(\\d+)\\]`).exec(await capture(true));
      if (marked?.[1]) return Number(marked[1]);
      const { stdout } = await run(['display-message', '-p', '-t', name, '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}'], { reject: false });
      const [dead, status = '', signal = ''] = String(stdout).trim().split(':');
      if (dead !== '1') return undefined;
      if (status !== '') return Number(status);
      // Killed by a signal: the shell's convention, 128 + its number.
      if (signal !== '') return 128 + Number(signal);
      // tmux may fill the format in late; the line it prints in the pane says it too.
      const printed = /Pane is dead \((?:status (\d+)|signal (\d+))/.exec(await capture());
      if (printed?.[1]) return Number(printed[1]);
      return printed?.[2] ? 128 + Number(printed[2]) : undefined;
    },
    kill: async () => {
      await run(['kill-server'], { reject: false });
    },
  };
}
