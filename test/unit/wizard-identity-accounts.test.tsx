import { describe, expect, it } from 'vitest';
import { defaultAnswers } from '../../src/dms/wizard-answers.js';
import { AccountsStep } from '../../wizards/accounts-step.js';
import { IdentityStep } from '../../wizards/identity-step.js';
import { KEYS } from '../support/wizard-ink.js';
import { sampleAnswers } from '../support/wizard-answers.js';
import { renderStep } from '../support/wizard-steps.js';

describe('identity step', () => {
  it('says what is wrong with each answer, warns about the FQDN pitfall, and goes back', async () => {
    const step = await renderStep(IdentityStep, defaultAnswers('/srv'));
    expect(step.frame()).toContain('step 2 of 8 · Identity');
    await step.answer('');
    expect(step.frame()).toContain('Give at least one mail domain, e.g. example.com');
    await step.answer('localhost');
    expect(step.frame()).toContain("'localhost' is not a domain name (it needs a dot, e.g. example.com)");
    await step.erase(9);
    await step.answer('example.com, bad_name.org');
    expect(step.frame()).toContain("'bad_name.org' is not a valid domain name");
    await step.erase(14);
    await step.answer('');
    expect(step.frame()).toMatch(/› mail\.example\.com/);
    await step.erase(16);
    await step.answer('mail');
    expect(step.frame()).toContain("'mail' is not fully qualified: give the whole name, e.g. mail.example.com");
    await step.erase(4);
    await step.answer('example.com');
    expect(step.frame()).toMatch(/example\.com is also a mail domain\. DMS then treats it as the machine's own name/);
    expect(step.frame()).toContain('Enter again to keep it.');
    await step.press(KEYS.esc);
    expect(step.frame()).toMatch(/Mail domains\n/);
    expect(step.frame()).toMatch(/› example\.com/);
    await step.answer('');
    await step.erase(11);
    await step.answer('mail.example.com');
    expect(step.frame()).toMatch(/› 203\.0\.113\.7/);
    await step.erase(11);
    await step.answer('1.2.3');
    expect(step.frame()).toContain("'1.2.3' is not an IPv4 address");
    await step.erase(5);
    await step.answer('192.168.1.20');
    expect(step.frame()).toContain('192.168.1.20 is a private address: other mail servers cannot reach it');
    await step.erase(12);
    await step.answer('198.51.100.20');
    await step.answer('2001:db8::zz');
    expect(step.frame()).toContain("'2001:db8::zz' is not an IPv6 address");
    await step.erase(12);
    await step.answer('');
    expect(step.frame()).toContain('Publish the mail ports on');
    await step.press(KEYS.down);
    await step.press(KEYS.enter);
    expect(step.next()).toMatchObject({ domains: ['example.com'], hostname: 'mail.example.com', ipv4: '198.51.100.20', ipv6: undefined, publish: { address: '127.0.0.1' } });
    await step.unmount();
  });

  it('goes back a step with Esc, or with ← from the start of its first field (← inside the text moves the cursor)', async () => {
    const step = await renderStep(IdentityStep, sampleAnswers());
    await step.press(KEYS.left);
    expect(step.backs()).toBe(0);
    await step.press(KEYS.home);
    await step.press(KEYS.left);
    expect(step.backs()).toBe(1);
    await step.press(KEYS.esc);
    expect(step.backs()).toBe(2);
    await step.unmount();
  });
});

describe('accounts step', () => {
  it('checks the first account and its password twice, and adds the postmaster alias', async () => {
    const step = await renderStep(AccountsStep, sampleAnswers({ firstAccount: undefined }));
    expect(step.frame()).toContain('Where do the accounts live?');
    await step.press(KEYS.enter);
    expect(step.frame()).toMatch(/› admin@example\.com/);
    await step.erase(17);
    await step.answer('admin@example.net');
    expect(step.frame()).toContain('admin@example.net is not in your mail domains (example.com, example.org)');
    await step.erase(17);
    await step.answer('Boss@Example.org');
    await step.answer('short');
    expect(step.frame()).toContain('The password needs at least 8 characters');
    expect(step.frame()).not.toContain('short');
    await step.answer('-and-long');
    await step.answer('something else');
    expect(step.frame()).toContain('The two passwords differ: type it again');
    await step.erase(14);
    await step.answer('short-and-long');
    expect(step.frame()).toContain('postmaster@ of each domain goes to this account?');
    await step.press(KEYS.enter);
    expect(step.next()).toMatchObject({ provisioner: 'file', firstAccount: { address: 'boss@example.org', password: 'short-and-long', postmasterAlias: true } });
    await step.unmount();
  });

  it('hands LDAP accounts to the next step and turns quotas off', async () => {
    const step = await renderStep(AccountsStep, sampleAnswers());
    await step.press(KEYS.down);
    await step.press(KEYS.enter);
    expect(step.next()).toMatchObject({ provisioner: 'ldap', firstAccount: undefined, features: { quotas: false } });
    await step.unmount();
  });
});
