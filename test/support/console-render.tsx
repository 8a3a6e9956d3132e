import { render } from 'ink-testing-library';
import { act } from 'react';
import { ConsoleApp } from '../../screens/console-app.js';
import type { ScreenDefinition } from '../../screens/screen.js';
import { CONSOLE_SCREENS, screensFor } from '../../screens/console-screens.js';
import type { AuditEntry } from '../../src/services/audit-log.js';
import type { MailServer } from '../../src/services/mail-server.js';
import type { Stack } from '../../src/stacks/stack.js';

/** Keys by name, as a terminal sends them. */
export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  right: '\u001b[C',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  backspace: '\u007f',
} as const;

export type AuditRecord = Omit<AuditEntry, 'time' | 'user'>;

export interface ConsoleHarness {
  frame(): string;
  /** Sends each argument as its own write (Enter must arrive alone, GUIDE §3). */
  press(...keys: string[]): Promise<void>;
  /** Types text into a form or line, then Enter as its own write. */
  enter(text: string): Promise<void>;
  /** Waits until the frame matches; fails with the last frame when it does not in time. */
  waitFor(expected: RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Whether Ink still listens to the keyboard (false once the app has exited). */
  listening(): boolean;
  audit: AuditRecord[];
  unmount(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Awaits other work (an IMAP login, a look at the server) inside act(): the console keeps polling meanwhile, and its
 * updates belong to the test.
 */
export function inAct<T>(work: () => Promise<T>): Promise<T> {
  return act(work);
}

/** The 1-based number key of a screen of the real console, by id. */
export function screenKey(id: string, screens: readonly ScreenDefinition[] = CONSOLE_SCREENS): string {
  const index = screens.findIndex((s) => s.id === id);
  if (index < 0) throw new Error(`no screen ${id}`);
  return String(index + 1);
}

/** The real console (every screen mailwiz ships) on a real server, in ink-testing-library's 100-column terminal. */
export async function renderConsole(
  server: MailServer,
  options: { readOnly?: boolean; initialScreen?: string; screens?: readonly ScreenDefinition[]; stack?: Stack } = {},
): Promise<ConsoleHarness> {
  const audit: AuditRecord[] = [];
  let app: ReturnType<typeof render> | undefined;
  await act(async () => {
    app = render(
      <ConsoleApp
        server={server}
        stack={options.stack}
        screens={options.screens ?? screensFor(options.stack)}
        readOnly={options.readOnly}
        initialScreen={options.initialScreen}
        audit={(entry) => audit.push(entry)}
        readAudit={async () => audit.map((e) => ({ ...e, time: '2026-11-22T00:00:00Z', user: 'test' }))}
      />,
    );
  });
  const instance = app!;
  const frame = (): string => instance.lastFrame() ?? '';
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      await act(async () => {
        instance.stdin.write(key);
      });
      // Ink parses escape sequences on the next tick: give it one before the next key.
      await act(async () => sleep(5));
    }
  };
  return {
    frame,
    press,
    enter: async (text) => {
      if (text) await press(text);
      await press(KEYS.enter);
    },
    waitFor: async (expected, timeoutMs = 20_000) => {
      const check = typeof expected === 'function' ? expected : (f: string) => expected.test(f);
      const deadline = Date.now() + timeoutMs;
      while (!check(frame())) {
        if (Date.now() > deadline) throw new Error(`the console did not show ${String(expected)} within ${timeoutMs} ms; last frame:\n${frame()}`);
        await act(async () => sleep(50));
      }
      return frame();
    },
    listening: () => instance.stdin.listenerCount('readable') > 0,
    audit,
    unmount: async () => {
      await act(async () => instance.unmount());
    },
  };
}
