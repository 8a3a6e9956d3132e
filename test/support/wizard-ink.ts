import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { act } from 'react';

/** Ink rendering for wizard tests: every render, key and unmount inside act(); keys one write each. */

export const KEYS = {
  enter: '\r',
  esc: '\u001B',
  left: '\u001B[D',
  home: '\u001B[H',
  up: '\u001B[A',
  down: '\u001B[B',
  space: ' ',
  backspace: '\u007F',
} as const;

export type Rendered = ReturnType<typeof render>;

export interface InkDriver {
  frame: () => string;
  /** Sends one key or one piece of text (a paste). */
  press: (key: string) => Promise<void>;
  /** Types text, then Enter as its own write. */
  answer: (text: string) => Promise<void>;
  /** Waits (in act) until the frame matches, for async steps (services). */
  until: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  unmount: () => Promise<void>;
}

export async function renderWizard(tree: ReactElement): Promise<InkDriver> {
  let rendered!: Rendered;
  await act(async () => {
    rendered = render(tree);
  });
  const frame = (): string => rendered.lastFrame() ?? '';
  const press = async (key: string): Promise<void> => {
    await act(async () => {
      rendered.stdin.write(key);
    });
  };
  return {
    frame,
    press,
    answer: async (text) => {
      if (text !== '') await press(text);
      await press(KEYS.enter);
    },
    until: async (pattern, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(frame())) {
        if (Date.now() > deadline) throw new Error(`the screen never showed ${pattern}; it shows:\n${frame()}`);
        await act(async () => {
          await new Promise((resolve) => setTimeout(resolve, 25));
        });
      }
      return frame();
    },
    unmount: async () => {
      await act(async () => {
        rendered.unmount();
      });
    },
  };
}
