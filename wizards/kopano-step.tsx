import type { ReactNode } from 'react';
import { ldapDnProblem, ldapUriProblem } from '../src/dms/ldap-syntax.js';
import {
  baseFromDomain,
  defaultKopano,
  envFileValueProblem,
  objectClassProblem,
  type KopanoSettings,
} from '../src/dms/wizard-answers-kopano.js';
import type { WizardAnswers } from '../src/dms/wizard-answers.js';
import { choiceField, type Field, type FormValues } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import type { StepProps } from './step-props.js';

const inLdap = (values: FormValues): boolean => values.users !== 'db';
const external = (values: FormValues): boolean => values.users === 'external';
const withBind = (values: FormValues): boolean => external(values) && (values.bindDn ?? '').trim() !== '';

export function kopanoFields(domain: string | undefined): Field[] {
  return [
    choiceField('users', 'Where does Kopano keep its users?', [
      ['bundled', 'In a directory of the stack', 'an OpenLDAP container (auth) comes with it; Postfix and Kopano read it'],
      ['external', 'In my LDAP directory', 'OpenLDAP, 389-DS, AD … that you run already'],
      ['db', "In Kopano's own database", 'no directory: users are made with kopano-admin (mailwiz Accounts)'],
    ]),
    { kind: 'text', name: 'uri', label: 'Directory URI', when: external, placeholder: 'ldaps://ldap.example.com', validate: (v) => ldapUriProblem(v.trim()) },
    {
      kind: 'text',
      name: 'searchBase',
      label: 'Search base',
      why: 'where every Kopano user and group lives',
      when: inLdap,
      defaultFrom: () => baseFromDomain(domain),
      validate: (v) => ldapDnProblem(v.trim(), 'search base'),
    },
    {
      kind: 'text',
      name: 'userClass',
      label: 'Object class of a Kopano user',
      why: "kopano-user with Kopano's schema, posixAccount (Kopano's default) or inetOrgPerson",
      when: inLdap,
      defaultFrom: () => 'kopano-user',
      validate: (v) => objectClassProblem(v.trim()),
    },
    {
      kind: 'text',
      name: 'bindDn',
      label: 'Bind DN for reading (empty: anonymous)',
      when: external,
      validate: (v) => (v.trim() === '' ? undefined : ldapDnProblem(v.trim(), 'bind DN')),
    },
    {
      kind: 'text',
      name: 'bindPassword',
      label: 'Its password',
      secret: true,
      why: 'kept in secrets/app.env and secrets/mta.env (mode 0600), never in compose.yaml',
      when: withBind,
      validate: (v) => (v === '' ? 'Give the password of the bind DN' : envFileValueProblem(v, 'bind password')),
    },
  ];
}

export function kopanoFromValues(answers: WizardAnswers, values: FormValues): WizardAnswers {
  const base = answers.kopano ?? defaultKopano(answers.domains[0]);
  const users = values.users ?? 'bundled';
  const kopano: KopanoSettings = {
    ...base,
    users: users === 'db' ? 'db' : 'ldap',
    directory: users === 'external' ? 'external' : 'bundled',
    ldap: {
      searchBase: (values.searchBase ?? '').trim() || base.ldap.searchBase,
      userClass: (values.userClass ?? '').trim() || base.ldap.userClass,
      groupClass: base.ldap.groupClass,
      ...(users === 'external' ? { uri: (values.uri ?? '').trim() } : {}),
      ...(withBind(values) ? { bindDn: (values.bindDn ?? '').trim(), bindPassword: values.bindPassword ?? '' } : {}),
    },
  };
  return { ...answers, kopano };
}

/** The Kopano stack's users: a directory in the stack, the user's own, or Kopano's database. */
export function KopanoStep({ answers, position, total, onNext, onBack }: StepProps): ReactNode {
  const k = answers.kopano;
  const initial: FormValues = {
    users: !k ? 'bundled' : k.users === 'db' ? 'db' : k.directory,
    // Asked before (going back): what was answered; the first time, the fields offer their defaults.
    ...(k ? { searchBase: k.ldap.searchBase, userClass: k.ldap.userClass } : {}),
    ...(k?.ldap.uri ? { uri: k.ldap.uri } : {}),
    ...(k?.ldap.bindDn ? { bindDn: k.ldap.bindDn } : {}),
    ...(k?.ldap.bindPassword ? { bindPassword: k.ldap.bindPassword } : {}),
  };
  return (
    <StepFrame title="Kopano users" position={position} total={total} intro="Who can log in to Kopano and receive mail.">
      <Form fields={kopanoFields(answers.domains[0])} initial={initial} onBack={onBack} onSubmit={(values) => onNext(kopanoFromValues(answers, values))} />
    </StepFrame>
  );
}
