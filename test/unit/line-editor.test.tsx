import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { FormPrompt } from '../../src/ui/FormPrompt.js';
import { editLine, lineAt, lineView, type LineState } from '../../src/ui/line-editor.js';
import { KEYS, renderWizard } from '../support/wizard-ink.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

/** Applies keys written as `type:text`, `left`, `ctrl+w` … and returns the line. */
function run(start: LineState, ...steps: string[]): LineState {
  let state = start;
  for (const step of steps) {
    const [name, text = ''] = step.startsWith('type:') ? ['type', step.slice(5)] : [step];
    const key: Key = { ...NO_KEY };
    let input = '';
    if (name === 'type') {
      input = text;
    } else if (name.startsWith('ctrl+')) {
      key.ctrl = true;
      input = name.slice(5);
    } else {
      Object.assign(key, { [{ left: 'leftArrow', right: 'rightArrow', home: 'home', end: 'end', bksp: 'backspace' }[name]!]: true });
    }
    const edit = editLine(state, input, key);
    if (edit.kind === 'edit') state = edit.state;
  }
  return state;
}

describe('editLine', () => {
  it('moves by grapheme, inserts at the cursor, deletes around it', () => {
    expect(run(lineAt('bob@example.test'), 'home', 'type:x', 'end', 'type:y')).toEqual({ text: 'xbob@example.testy', cursor: 18 });
    expect(run(lineAt('用户👩‍👩‍👧e\u0301'), 'left', 'left', 'bksp')).toEqual({ text: '用👩‍👩‍👧e\u0301', cursor: 1 });
    expect(run(lineAt('abc'), 'left', 'ctrl+d').text).toBe('ab');
    expect(run(lineAt('abc'), 'home', 'bksp')).toEqual({ text: 'abc', cursor: 0 });
    expect(run(lineAt('abc'), 'right', 'right').cursor).toBe(3);
  });

  it('Ctrl-U, Ctrl-K and Ctrl-W cut to the start, to the end, and the word before the cursor', () => {
    expect(run(lineAt('alice@example.test'), 'left', 'left', 'left', 'left', 'ctrl+u')).toEqual({ text: 'test', cursor: 0 });
    expect(run(lineAt('alice@example.test'), 'home', 'right', 'ctrl+k')).toEqual({ text: 'a', cursor: 1 });
    expect(run(lineAt('one two  three  '), 'ctrl+w')).toEqual({ text: 'one two  ', cursor: 9 });
    expect(run(lineAt('one two'), 'ctrl+a', 'ctrl+e', 'ctrl+w', 'ctrl+w').text).toBe('');
  });

  it('submits on Enter or a paste that carries its line end; drops control characters; leaves ↑/↓ and ← at the start to the owner', () => {
    expect(editLine(lineAt('ab'), '', { ...NO_KEY, return: true })).toEqual({ kind: 'submit', text: 'ab' });
    expect(editLine({ text: 'ab', cursor: 1 }, 'X\ry', NO_KEY)).toEqual({ kind: 'submit', text: 'aXb' });
    expect(run(lineAt(''), 'type:a\u001b[31mb\u0007c')).toEqual({ text: 'a[31mbc', cursor: 7 });
    expect(editLine(lineAt('ab'), '', { ...NO_KEY, upArrow: true }).kind).toBe('ignored');
    expect(editLine({ text: 'ab', cursor: 0 }, '', { ...NO_KEY, leftArrow: true }).kind).toBe('ignored');
    expect(editLine(lineAt('ab'), '', { ...NO_KEY, escape: true }).kind).toBe('cancel');
  });

  it('draws the cursor on its grapheme, a space at the end, masks every grapheme of a secret', () => {
    expect(lineView({ text: 'abc', cursor: 1 })).toEqual({ before: 'a', under: 'b', after: 'c' });
    expect(lineView(lineAt('abc'))).toEqual({ before: 'abc', under: ' ', after: '' });
    expect(lineView({ text: 'p👩‍👩‍👧w', cursor: 3 }, '•')).toEqual({ before: '•••', under: ' ', after: '' });
  });
});

describe('FormPrompt with the line editor', () => {
  it('edits in the middle of a value (←, Home, Ctrl-K, Ctrl-D, typing) and submits what is shown; a secret never appears', async () => {
    let submitted: Record<string, string> | undefined;
    const fields = [
      { name: 'address', label: 'Address' },
      { name: 'password', label: 'Password', secret: true },
    ];
    const form = await renderWizard(<FormPrompt title="New account" fields={fields} onSubmit={(v) => (submitted = v)} onCancel={() => undefined} />);
    await form.press('bob@example.tset');
    for (let i = 0; i < 4; i++) await form.press(KEYS.left);
    await form.press('\u000b');
    await form.press('test');
    await form.press(KEYS.home);
    await form.press('x');
    await form.press(KEYS.left);
    await form.press('\u0004');
    expect(form.frame()).toContain('Address: bob@example.test');
    await form.press(KEYS.enter);
    await form.press('s3cret pass');
    expect(form.frame()).not.toContain('s3cret');
    expect(form.frame()).toContain('•••••••••••');
    await form.press(KEYS.enter);
    expect(submitted).toEqual({ address: 'bob@example.test', password: 's3cret pass' });
    await form.unmount();
  });
});
