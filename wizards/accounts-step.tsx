import type { ReactNode } from 'react';
import { firstAccountProblem, newPasswordProblem, type WizardAnswers } from '../src/dms/wizard-answers.js';
import { choiceField, type Field, type FormValues } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import type { StepProps } from './step-props.js';

const isFile = (values: FormValues): boolean => values.provisioner !== 'ldap';

export function accountFields(domains: readonly string[]): Field[] {
  return [
    choiceField('provisioner', 'Where do the accounts live?', [
      ['file', 'In files on the server', "simplest: mailwiz and DMS's setup manage them"],
      ['ldap', 'In an LDAP directory', 'you already keep users in OpenLDAP, 389-DS, AD, …'],
    ]),
    {
      kind: 'text',
      name: 'address',
      label: 'First account',
      why: 'DMS stops after two minutes without an account: this one is made right after the start',
      when: isFile,
      defaultFrom: () => (domains[0] ? `admin@${domains[0]}` : undefined),
      validate: (value) => firstAccountProblem(value.trim().toLowerCase(), domains),
    },
    {
      kind: 'text',
      name: 'password',
      label: 'Its password',
      secret: true,
      when: isFile,
      validate: (value) => newPasswordProblem(value),
    },
    {
      kind: 'text',
      name: 'confirm',
      label: 'The password again',
      secret: true,
      when: isFile,
      validate: (value, values) => (value === values.password ? undefined : 'The two passwords differ: type it again (Esc goes back to the first)'),
    },
    choiceField(
      'postmaster',
      `postmaster@ ${domains.length > 1 ? 'of each domain' : `of ${domains[0] ?? 'your domain'}`} goes to this account?`,
      [
        ['yes', 'Yes, add the alias'],
        ['no', 'No, I will add it myself'],
      ],
      { why: 'Every mail domain must accept mail for postmaster (RFC 5321); reports arrive there', when: isFile },
    ),
  ];
}

export function accountsFromValues(answers: WizardAnswers, values: FormValues): WizardAnswers {
  if (values.provisioner === 'ldap') return { ...answers, provisioner: 'ldap', firstAccount: undefined, features: { ...answers.features, quotas: false } };
  return {
    ...answers,
    provisioner: 'file',
    firstAccount: { address: (values.address ?? '').trim().toLowerCase(), password: values.password ?? '', postmasterAlias: values.postmaster !== 'no' },
  };
}

/** Step 3: file accounts (the first account and the postmaster alias) or an LDAP directory (next step). */
export function AccountsStep({ answers, position, total, onNext, onBack }: StepProps): ReactNode {
  const first = answers.firstAccount;
  const initial: FormValues = {
    provisioner: answers.provisioner,
    ...(first?.address ? { address: first.address } : {}),
    ...(first?.password ? { password: first.password, confirm: first.password } : {}),
    postmaster: first?.postmasterAlias === false ? 'no' : 'yes',
  };
  return (
    <StepFrame title="Accounts" position={position} total={total} intro="Who can log in and receive mail.">
      <Form fields={accountFields(answers.domains)} initial={initial} onBack={onBack} onSubmit={(values) => onNext(accountsFromValues(answers, values))} />
    </StepFrame>
  );
}
