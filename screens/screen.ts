import type { ComponentType } from 'react';
import type { Binding } from '../src/ui/keymap.js';

/** A screen of the console: its name, its keys (for help and the bottom line) and what it draws. */
export interface ScreenDefinition {
  id: string;
  title: string;
  bindings: readonly Binding[];
  /** `shown`: on screen (poll data); `focused`: also takes keys (no prompt of the shell is open). */
  Component: ComponentType<{ shown: boolean; focused: boolean }>;
}
