import type { Key } from 'ink';

/**
 * One typed keymap: every key a screen reacts to is declared here with what it does, so the help overlay and the
 * bottom line are generated from the same list the input handler uses.
 */
export type NamedKey =
  | 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end'
  | 'enter' | 'esc' | 'tab' | 'shift+tab' | 'backspace' | 'ctrl+c';

/** A named key, or the one character a key types. */
export type KeySpec = NamedKey | (string & {});

export interface Binding<A extends string = string> {
  action: A;
  keys: readonly KeySpec[];
  description: string;
  /** Shown in the bottom line, not only in the help. */
  main?: boolean;
  /** Changes state on the server: disabled in --read-only mode. */
  changes?: boolean;
}

export function matches(spec: KeySpec, input: string, key: Key): boolean {
  switch (spec) {
    case 'up': return key.upArrow;
    case 'down': return key.downArrow;
    case 'left': return key.leftArrow;
    case 'right': return key.rightArrow;
    case 'pageup': return key.pageUp;
    case 'pagedown': return key.pageDown;
    case 'home': return key.home;
    case 'end': return key.end;
    case 'enter': return key.return;
    case 'esc': return key.escape;
    case 'tab': return key.tab && !key.shift;
    case 'shift+tab': return key.tab && key.shift;
    case 'backspace': return key.backspace || key.delete;
    case 'ctrl+c': return key.ctrl && input === 'c';
    default: return input === spec && !key.ctrl && !key.meta;
  }
}

export function actionFor<A extends string>(bindings: readonly Binding<A>[], input: string, key: Key): Binding<A> | undefined {
  return bindings.find((b) => b.keys.some((spec) => matches(spec, input, key)));
}

const LABELS: Partial<Record<string, string>> = {
  up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
  enter: 'Enter', esc: 'Esc', tab: 'Tab', 'shift+tab': 'S-Tab', backspace: 'Bksp', 'ctrl+c': 'C-c', ' ': 'Space',
};

export function keyLabel(spec: KeySpec, ascii = false): string {
  const label = LABELS[spec] ?? spec;
  if (!ascii) return label;
  return { '↑': 'Up', '↓': 'Down', '←': 'Left', '→': 'Right' }[label] ?? label;
}

export function keysLabel(binding: Binding, ascii = false): string {
  return binding.keys.map((k) => keyLabel(k, ascii)).join('/');
}
