import type { WizardAnswers } from '../src/dms/wizard-answers.js';

/**
 * The steps in order; the LDAP step only when DMS's accounts live in a directory. The Kopano stack (chosen at
 * pre-flight) asks its users in its own step instead of DMS's accounts, LDAP and features.
 */
export const STEPS = ['preflight', 'identity', 'accounts', 'ldap', 'kopano', 'features', 'dns', 'tls', 'review', 'deploy'] as const;
export type StepId = (typeof STEPS)[number];

export const STEP_TITLES: Record<StepId, string> = {
  preflight: 'Pre-flight',
  identity: 'Identity',
  accounts: 'Accounts',
  ldap: 'LDAP directory',
  kopano: 'Kopano users',
  features: 'Features',
  dns: 'DNS records',
  tls: 'TLS',
  review: 'Review',
  deploy: 'Deploy',
};

const DMS_ONLY: readonly StepId[] = ['accounts', 'ldap', 'features'];

export function activeSteps(answers: WizardAnswers): StepId[] {
  if (answers.system === 'kopano') return STEPS.filter((s) => !DMS_ONLY.includes(s));
  return STEPS.filter((s) => s !== 'kopano' && (s !== 'ldap' || answers.provisioner === 'ldap'));
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
  if (answers.kopano?.ldap.bindDn && !answers.kopano.ldap.bindPassword) needs.push('kopano');
  const earliest = needs.map((s) => steps.indexOf(s)).filter((i) => i >= 0 && i < at);
  return steps[Math.min(at, ...earliest)] ?? 'preflight';
}
