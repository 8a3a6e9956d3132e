import type { Binding } from './keymap.js';

export type MoveAction = 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end';

/** The movement keys of a list, for a screen's keymap: ↑/k ↓/j PgUp PgDn Home/g End/G. */
export function moveBindings(what: { first: string; last: string; upNote?: string }): Binding<MoveAction>[] {
  const note = what.upNote ? ` (${what.upNote})` : '';
  return [
    { action: 'up', keys: ['up', 'k'], description: `move up${note}` },
    { action: 'down', keys: ['down', 'j'], description: 'move down' },
    { action: 'pageup', keys: ['pageup'], description: `page up${note}` },
    { action: 'pagedown', keys: ['pagedown'], description: 'page down' },
    { action: 'home', keys: ['home', 'g'], description: what.first },
    { action: 'end', keys: ['end', 'G'], description: what.last },
  ];
}

/** The same handler for every movement key, told which one fired. */
export function moveHandlers(move: (action: MoveAction) => void): Record<MoveAction, () => void> {
  return { up: () => move('up'), down: () => move('down'), pageup: () => move('pageup'), pagedown: () => move('pagedown'), home: () => move('home'), end: () => move('end') };
}
