import type { WizardAnswers } from '../src/dms/wizard-answers.js';

/** The steps in order; the LDAP step only when the accounts live in a directory. */
export const STEPS = ['preflight', 'identity', 'accounts', 'ldap', 'features', 'dns', 'tls', 'review', 'deploy'] as const;
export type StepId = (typeof STEPS)[number];

export const STEP_TITLES: Record<StepId, string> = {
  preflight: 'Pre-flight',
  identity: 'Identity',
  accounts: 'Accounts',
  ldap: 'LDAP directory',
  features: 'Features',
  dns: 'DNS records',
  tls: 'TLS',
  review: 'Review',
  deploy: 'Deploy',
};

export function activeSteps(answers: WizardAnswers): StepId[] {
  return STEPS.filter((s) => s !== 'ldap' || answers.provisioner === 'ldap');
}

export function isStepId(value: string): value is StepId {
  return (STEPS as readonly string[]).includes(value);
}

/** Where a saved run can go on: its step, or earlier where a secret (never saved) has to be typed again. */
export function resumeStep(answers: WizardAnswers, saved: string): StepId {
  const steps = activeSteps(answers);
  const at = isStepId(saved) && steps.includes(saved) ? steps.indexOf(saved) : 0;
  const needs: StepId[] = [];
  if (answers.provisioner === 'file' && answers.firstAccount && !answers.firstAccount.password) needs.push('accounts');
  if (answers.provisioner === 'ldap' && answers.ldap && !answers.ldap.bindPassword) needs.push('ldap');
  if (answers.features.relay?.user && !answers.features.relay.password) needs.push('features');
  const earliest = needs.map((s) => steps.indexOf(s)).filter((i) => i >= 0 && i < at);
  return steps[Math.min(at, ...earliest)] ?? 'preflight';
}
