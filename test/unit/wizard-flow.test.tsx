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

async function erase(ui: InkDriver, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await ui.press(KEYS.backspace);
}

describe('the wizard flow for the Kopano stack', () => {
  it('is offered at pre-flight, asks its users instead of accounts and features, and reviews compose.yaml with 0600 secrets', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-kopano-flow-'));
    const saved: string[] = [];
    const services = stepServices(undefined, { saveProgress: (_answers, step) => void saved.push(step) });
    const ui = await renderWizard(<Wizard initial={{ ...defaultAnswers('/srv'), directory }} services={services} onExit={() => undefined} />);
    await ui.answer('');
    await ui.until(/Install the Kopano groupware stack instead/);
    await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 2 of 7 · Identity');
    await ui.answer('example.org');
    await ui.answer('');
    await ui.answer('');
    await ui.answer('');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 3 of 7 · Kopano users');
    // Your own directory: its URI, then the base and class offered from the domain, a bind DN and its password.
    await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    await ui.answer('ldap://');
    expect(ui.frame()).toContain("'ldap://' is not an LDAP address");
    await erase(ui, 7);
    await ui.answer('ldaps://ldap.example.org');
    expect(ui.frame()).toContain('dc=example,dc=org');
    await ui.answer('');
    expect(ui.frame()).toContain('kopano-user');
    await ui.answer('');
    await ui.answer('cn=reader,dc=example,dc=org');
    await ui.answer('pa$$word');
    expect(ui.frame()).toContain('cannot hold $');
    await erase(ui, 8);
    await ui.answer('reader-secret');
    expect(ui.frame()).toContain('step 4 of 7 · DNS records');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('step 5 of 7 · TLS');
    // Self-signed is already chosen for Kopano; Let's Encrypt would offer Traefik only.
    await ui.press(KEYS.up);
    await ui.press(KEYS.up);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Traefik has it');
    expect(ui.frame()).not.toContain('mailwiz gets it now');
    await ui.press(KEYS.esc);
    await ui.press(KEYS.down);
    await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    await ui.until(/step 6 of 7 · Review/);
    await ui.until(/compose\.yaml: new/);
    const frame = ui.frame();
    expect(frame).toContain('System      Kopano stack: app, mta, db');
    expect(frame).toContain('Users       LDAP ldaps://ldap.example.org, base dc=example,dc=org, class kopano-user');
    expect(frame).toMatch(/secrets\/app\.env: new, mode 0600/);
    expect(frame).toMatch(/secrets\/mta\.env: new, mode 0600/);
    expect(frame).not.toContain('reader-secret');
    expect(saved).toEqual(['identity', 'kopano', 'dns', 'tls', 'review']);
    await ui.unmount();
  });
});
