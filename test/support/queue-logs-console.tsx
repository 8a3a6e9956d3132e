import { render } from 'ink-testing-library';
import { act } from 'react';
import { ConsoleApp } from '../../screens/console-app.js';
import type { ScreenDefinition } from '../../screens/screen.js';
import type { AuditEntry } from '../../src/services/audit-log.js';
import type { MailServer } from '../../src/services/mail-server.js';

/** The real console in ink-testing-library, driven as GUIDE §3 says: every key and wait inside act(). */
export interface ConsoleDriver {
  frame(): string;
  /** One keypress (or one chunk of typed text). */
  press(input: string): Promise<void>;
  /** `/` filter: opens it, types the text, then Enter as its own write. */
  filter(text: string): Promise<void>;
  /** Waits (inside act) until the frame passes `check`; returns that frame. */
  until(check: (frame: string) => boolean, timeoutMs?: number, what?: string): Promise<string>;
  /** Runs other work (sending mail, restarting) inside act too: the live screens update meanwhile. */
  during<T>(work: () => Promise<T>): Promise<T>;
  audit: Omit<AuditEntry, 'time' | 'user'>[];
  unmount(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const KEYS = { enter: '\r', esc: '\u001b', up: '\u001b[A', down: '\u001b[B', end: '\u001b[F', backspace: '\u007f' };

export async function renderConsole(server: MailServer, screens: readonly ScreenDefinition[], options: { readOnly?: boolean } = {}): Promise<ConsoleDriver> {
  const audit: ConsoleDriver['audit'] = [];
  let app!: ReturnType<typeof render>;
  await act(async () => {
    app = render(<ConsoleApp server={server} screens={screens} readOnly={options.readOnly} audit={(entry) => audit.push(entry)} />);
  });
  const frame = (): string => app.lastFrame() ?? '';
  const press = async (input: string): Promise<void> => {
    await act(async () => {
      app.stdin.write(input);
      await sleep(20);
    });
  };
  return {
    frame,
    press,
    audit,
    async during(work) {
      let result: Awaited<ReturnType<typeof work>> | undefined;
      await act(async () => {
        result = await work();
      });
      return result as Awaited<ReturnType<typeof work>>;
    },
    async filter(text) {
      await press('/');
      if (text) await press(text);
      await press(KEYS.enter);
    },
    async until(check, timeoutMs = 20_000, what = 'the expected frame') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await act(async () => {
          await sleep(100);
        });
        const current = frame();
        if (check(current)) return current;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${current}`);
      }
    },
    async unmount() {
      await act(async () => {
        app.unmount();
      });
    },
  };
}
