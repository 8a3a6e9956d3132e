import { describe, expect, it } from 'vitest';
import { Form } from '../../src/ui/prompts/form.js';
import type { Field, FormValues } from '../../src/ui/prompts/form-fields.js';
import { KEYS, renderWizard } from '../support/wizard-ink.js';

const FIELDS: Field[] = [
  { kind: 'text', name: 'name', label: 'Name', validate: (v) => (v === '' ? 'Give a name' : undefined), warn: (v) => (v === 'root' ? 'root is unusual' : undefined) },
  { kind: 'choice', name: 'color', label: 'Colour', options: [{ value: 'red', label: 'Red' }, { value: 'blue', label: 'Blue' }] },
  { kind: 'toggles', name: 'extras', label: 'Extras', options: [{ value: 'a', label: 'Alpha' }, { value: 'b', label: 'Beta' }] },
  { kind: 'text', name: 'secret', label: 'Secret', secret: true, when: (v) => v.color === 'blue' },
];

describe('Form', () => {
  it('asks each field, validates, warns once, masks secrets, skips hidden fields and goes back', async () => {
    let submitted: FormValues | undefined;
    let back = 0;
    const ui = await renderWizard(<Form fields={FIELDS} initial={{}} onSubmit={(v) => (submitted = v)} onBack={() => back++} />);
    await ui.press(KEYS.esc);
    expect(back).toBe(1);
    await ui.answer('');
    expect(ui.frame()).toContain('Give a name');
    await ui.answer('root');
    expect(ui.frame()).toContain('root is unusual — Enter again to keep it.');
    await ui.press(KEYS.backspace);
    await ui.answer('t');
    expect(ui.frame()).toContain('root is unusual');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toMatch(/Name: root/);
    await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toMatch(/Colour: Blue/);
    await ui.press(KEYS.space);
    await ui.press(KEYS.down);
    await ui.press(KEYS.space);
    await ui.press(KEYS.space);
    expect(ui.frame()).toMatch(/\[x\] Alpha/);
    expect(ui.frame()).toMatch(/\[ \] Beta/);
    await ui.press(KEYS.enter);
    await ui.answer('hunter22');
    expect(submitted).toEqual({ name: 'root', color: 'blue', extras: 'a', secret: 'hunter22' });
    expect(ui.frame()).not.toContain('hunter22');
    await ui.press(KEYS.esc);
    expect(ui.frame()).toMatch(/› \[x\] Alpha/);
    expect(ui.frame()).toMatch(/Colour: Blue/);
    await ui.unmount();
  });
});
