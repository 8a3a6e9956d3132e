import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAnswers, withoutSecrets, type WizardAnswers } from '../../src/dms/wizard-answers.js';
import { Wizard } from '../../wizards/wizard.js';
import { KEYS, renderWizard, type InkDriver } from '../support/wizard-ink.js';
import { sampleAnswers } from '../support/wizard-answers.js';
import { stepServices } from '../support/wizard-steps.js';

/** Step 1 with the folder as offered and a machine that passes. */
async function passPreflight(ui: InkDriver): Promise<void> {
  expect(ui.frame()).toContain('step 1 of 8 · Pre-flight');
  await ui.answer('');
  await ui.until(/What now\?/);
  await ui.press(KEYS.enter);
  expect(ui.frame()).toContain('step 2 of 8 · Identity');
}

describe('the wizard flow', () => {
  it('walks every step to the review, going back across steps, and keeps the answers after each step', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-flow-'));
    const saved: { step: string; answers: WizardAnswers }[] = [];
    const services = stepServices(undefined, { saveProgress: (answers, step) => void saved.push({ step, answers }) });
    const ui = await renderWizard(<Wizard initial={{ ...defaultAnswers('/srv'), directory }} services={services} onExit={() => undefined} />);
    await passPreflight(ui);
    await ui.answer('example.com');
    await ui.press(KEYS.esc);
    await ui.press(KEYS.esc);
    await passPreflight(ui);
    await ui.answer('example.com');
    await ui.answer('');
    await ui.answer('');
    await ui.answer('');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 3 of 8 · Accounts');
    await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 4 of 9 · LDAP directory');
    await ui.press(KEYS.esc);
    expect(ui.frame()).toContain('step 3 of 9 · Accounts');
    await ui.press(KEYS.up);
    await ui.press(KEYS.enter);
    await ui.answer('');
    await ui.answer('correct horse');
    await ui.answer('correct horse');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 4 of 8 · Features');
    await ui.press(KEYS.enter);
    await ui.press(KEYS.enter);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 5 of 8 · DNS records');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 6 of 8 · TLS');
    await ui.press(KEYS.down);
    await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    await ui.until(/step 7 of 8 · Review/);
    await ui.until(/compose\.yaml: new/);
    expect(ui.frame()).toContain('TLS         self-signed');
    expect(saved.map((s) => s.step)).toEqual(['identity', 'preflight', 'identity', 'accounts', 'ldap', 'accounts', 'features', 'dns', 'tls', 'review']);
    expect(saved.at(-1)?.answers).toMatchObject({ domains: ['example.com'], hostname: 'mail.example.com', tls: { type: 'self-signed' } });
    await ui.unmount();
  });

  it('offers to resume a stopped run, asking again for the password it did not keep', async () => {
    const saved = { answers: withoutSecrets(sampleAnswers()), step: 'tls', savedAt: new Date('2026-11-22T10:00:00Z').toISOString() };
    const ui = await renderWizard(<Wizard initial={defaultAnswers('/srv')} services={stepServices()} saved={saved} onExit={() => undefined} />);
    expect(ui.frame()).toMatch(/A setup started earlier \(.*\) stopped at “TLS”\. Passwords were not kept/);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 3 of 8 · Accounts');
    await ui.unmount();

    let cleared = 0;
    const fresh = await renderWizard(<Wizard initial={defaultAnswers('/srv')} services={stepServices(undefined, { clearProgress: () => void cleared++ })} saved={saved} onExit={() => undefined} />);
    await fresh.press(KEYS.down);
    await fresh.press(KEYS.enter);
    expect(fresh.frame()).toContain('step 1 of 8 · Pre-flight');
    expect(cleared).toBe(1);
    await fresh.unmount();
  });
});
