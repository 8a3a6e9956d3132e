import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { accountsOrderFixture } from '../support/accounts-fixture.js';
import { orderAccounts } from '../../screens/accounts/accounts-order.js';
import { actionFor, keysLabel, type Binding } from '../../src/ui/keymap.js';
import { formatDuration } from '../../src/ui/format-duration.js';
import { detectTheme } from '../../src/ui/theme.js';
import { moveCursor, visibleWindow } from '../../src/ui/visible-window.js';

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false,
  hyper: false, capsLock: false, numLock: false,
} as Key;

describe('keymap', () => {
  const bindings: Binding<'quit' | 'down' | 'next'>[] = [
    { action: 'quit', keys: ['q', 'ctrl+c'], description: 'quit' },
    { action: 'down', keys: ['down', 'j'], description: 'down' },
    { action: 'next', keys: ['tab'], description: 'next' },
  ];

  it('maps characters and named keys to actions, and nothing else', () => {
    expect(actionFor(bindings, 'q', noKey)?.action).toBe('quit');
    expect(actionFor(bindings, 'c', { ...noKey, ctrl: true })?.action).toBe('quit');
    expect(actionFor(bindings, '', { ...noKey, downArrow: true })?.action).toBe('down');
    expect(actionFor(bindings, '', { ...noKey, tab: true })?.action).toBe('next');
    expect(actionFor(bindings, '', { ...noKey, tab: true, shift: true })).toBeUndefined();
    expect(actionFor(bindings, 'x', noKey)).toBeUndefined();
  });

  it('labels keys for the help, in ASCII on plain terminals', () => {
    expect(keysLabel(bindings[1]!)).toBe('↓/j');
    expect(keysLabel(bindings[1]!, true)).toBe('Down/j');
  });
});

describe('visible window', () => {
  it('moves only as far as needed to keep the cursor in view', () => {
    expect(visibleWindow(10_000, 0, 20, 0)).toEqual({ offset: 0, end: 20 });
    expect(visibleWindow(10_000, 25, 20, 0)).toEqual({ offset: 6, end: 26 });
    expect(visibleWindow(10_000, 10, 20, 6)).toEqual({ offset: 6, end: 26 });
    expect(visibleWindow(10_000, 3, 20, 6)).toEqual({ offset: 3, end: 23 });
    expect(visibleWindow(5, 4, 20, 3)).toEqual({ offset: 0, end: 5 });
  });

  it('keeps the cursor inside the list', () => {
    expect(moveCursor(0, 10, 'up', 5)).toBe(0);
    expect(moveCursor(8, 10, 'pagedown', 5)).toBe(9);
    expect(moveCursor(5, 10, 'home', 5)).toBe(0);
    expect(moveCursor(5, 0, 'end', 5)).toBe(0);
  });
});

describe('theme and durations', () => {
  it('drops colour with NO_COLOR and uses ASCII on TERM=linux', () => {
    expect(detectTheme({ NO_COLOR: '1', TERM: 'xterm' }).color).toBe(false);
    expect(detectTheme({ TERM: 'linux' }).symbols.ok).toBe('+');
    expect(detectTheme({ TERM: 'xterm-256color' })).toMatchObject({ color: true, ascii: false });
  });

  it('formats uptimes briefly', () => {
    expect([45_000, 12 * 60_000, 3 * 3_600_000 + 5 * 60_000, 50 * 3_600_000].map(formatDuration)).toEqual(['45s', '12m', '3h 05m', '2d 2h']);
  });
});

describe('orderAccounts', () => {
  it('filters by address or alias and sorts by name, usage or domain', () => {
    const rows = accountsOrderFixture();
    expect(orderAccounts(rows, '', 'name').map((r) => r.address)).toEqual(['a@b.org', 'm@a.org', 'z@a.org']);
    expect(orderAccounts(rows, '', 'usage').map((r) => r.address)).toEqual(['z@a.org', 'a@b.org', 'm@a.org']);
    expect(orderAccounts(rows, '', 'domain').map((r) => r.address)).toEqual(['m@a.org', 'z@a.org', 'a@b.org']);
    expect(orderAccounts(rows, 'info', 'name').map((r) => r.address)).toEqual(['m@a.org']);
  });
});
