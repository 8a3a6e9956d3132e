import { createContext, useContext } from 'react';
import type { MailServer } from '../src/services/mail-server.js';
import type { Stack } from '../src/stacks/stack.js';
import type { Theme } from '../src/ui/theme.js';
import type { Ask } from './use-ask.js';

export type StatusKind = 'info' | 'ok' | 'error';

/** What the console shell gives every screen. */
export interface ConsoleContextValue {
  server: MailServer;
  /** The mail system the console shows (undefined: a single server found the old way, e.g. inside the container). */
  stack?: Stack;
  readOnly: boolean;
  theme: Theme;
  /** The `/` filter of the shown screen ('' for none). */
  filter: string;
  /** Rows a screen may use for its body, and the terminal width. */
  bodyRows: number;
  columns: number;
  /** While true, the shell leaves every key to the screen (a form or question is open). */
  setCapturing(capturing: boolean): void;
  setStatus(text: string, kind?: StatusKind): void;
  /** Questions the shell draws in place of the screen; the screen awaits the answer. */
  ask: Ask;
  /** Records a change made from the console, and shows its outcome. */
  record(action: string, target: string, outcome: { ok: boolean; detail?: string }): void;
}

export const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole() outside the console');
  return value;
}
