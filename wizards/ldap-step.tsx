import { Box, Text } from 'ink';
import { useEffect, useState, type ReactNode } from 'react';
import { ldapDnProblem, ldapFilterProblem, ldapUriProblem } from '../src/dms/ldap-syntax.js';
import { defaultLdapFilters, type LdapSettings } from '../src/dms/wizard-answers.js';
import type { DirectoryReport } from '../src/services/ldap/directory-test.js';
import { CheckLine } from '../src/ui/prompts/check-line.js';
import { choiceField, type Field, type FormValues } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import { isBack, useWizardInput } from '../src/ui/prompts/use-wizard-input.js';
import type { StepProps } from './step-props.js';

const FILTERS = [
  ['user', 'USER', 'who has a mailbox (%s: the address)'],
  ['domain', 'DOMAIN', 'which domains are yours (%s: the domain)'],
  ['alias', 'ALIAS', 'addresses that forward to an account (%s: the alias)'],
  ['group', 'GROUP', 'addresses that deliver to a group (%s: the address)'],
  ['senders', 'SENDERS', 'who may send as an address (%s: the address)'],
] as const;

export function ldapFields(): Field[] {
  return [
    {
      kind: 'text',
      name: 'uri',
      label: 'Directory address',
      why: 'ldap://host (port 389) or ldaps://host (636, TLS from the start)',
      placeholder: 'ldap://ldap.example.com',
      validate: (value) => ldapUriProblem(value.trim()),
    },
    choiceField(
      'startTls',
      'StartTLS?',
      [
        ['yes', 'Yes', 'encrypt ldap:// with StartTLS (the directory must offer it)'],
        ['no', 'No', 'plain ldap://: only on a trusted network'],
      ],
      { when: (values) => !(values.uri ?? '').startsWith('ldaps://') },
    ),
    { kind: 'text', name: 'bindDn', label: 'Bind DN', why: 'The account DMS reads the directory with', placeholder: 'cn=admin,dc=example,dc=com', validate: (v) => ldapDnProblem(v.trim(), 'bind DN') },
    { kind: 'text', name: 'bindPassword', label: 'Bind password', secret: true, validate: (v) => (v === '' ? 'Give the password of the bind DN' : undefined) },
    { kind: 'text', name: 'searchBase', label: 'Search base', why: 'Where the mail users are', placeholder: 'ou=people,dc=example,dc=com', validate: (v) => ldapDnProblem(v.trim(), 'search base') },
    ...FILTERS.map(([name, upper, why]): Field => ({
      kind: 'text',
      name: `filter_${name}`,
      label: `${upper} filter`,
      why: `Postfix's LDAP_QUERY_FILTER_${upper}: ${why}`,
      validate: (v) => ldapFilterProblem(v.trim(), upper),
    })),
  ];
}

export function ldapFromValues(values: FormValues): LdapSettings {
  const uri = (values.uri ?? '').trim();
  return {
    uri,
    startTls: !uri.startsWith('ldaps://') && values.startTls === 'yes',
    bindDn: (values.bindDn ?? '').trim(),
    bindPassword: values.bindPassword ?? '',
    searchBase: (values.searchBase ?? '').trim(),
    filters: {
      user: (values.filter_user ?? '').trim(),
      domain: (values.filter_domain ?? '').trim(),
      alias: (values.filter_alias ?? '').trim(),
      group: (values.filter_group ?? '').trim(),
      senders: (values.filter_senders ?? '').trim(),
    },
  };
}

function valuesFrom(ldap: LdapSettings | undefined): FormValues {
  const filters = ldap?.filters ?? defaultLdapFilters();
  return {
    ...(ldap ? { uri: ldap.uri, bindDn: ldap.bindDn, bindPassword: ldap.bindPassword, searchBase: ldap.searchBase } : {}),
    startTls: ldap?.startTls ? 'yes' : 'no',
    ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [`filter_${k}`, v])),
  };
}

/** Where "edit" takes the user after a failed test: the field the failure points at. */
const FIELD_OF_STEP: Record<string, string> = {
  settings: 'uri',
  connect: 'uri',
  bind: 'bindPassword',
  base: 'searchBase',
  users: 'filter_user',
  domain: 'filter_domain',
  senders: 'filter_senders',
};

function TestResult({ report, onEdit, onRetry, onAccept }: { report: DirectoryReport; onEdit: () => void; onRetry: () => void; onAccept: () => void }): ReactNode {
  useWizardInput((input, key) => {
    if (isBack(input, key) || input === 'e') onEdit();
    else if (input === 'r') onRetry();
    else if ((key.return && report.ok) || (!report.ok && input === 'k')) onAccept();
  });
  return (
    <Box flexDirection="column">
      {report.steps.map((s) => (
        <CheckLine key={s.name} status={s.status} title={s.name} message={s.message} />
      ))}
      <Text dimColor>
        {report.ok ? 'Enter: go on · ' : 'k: keep these settings anyway · '}r: test again · e/Esc: edit
      </Text>
    </Box>
  );
}

/** Step 3b: the directory: address, bind, base, filters; then a live test before going on. */
export function LdapStep({ answers, services, position, total, onNext, onBack }: StepProps): ReactNode {
  const [values, setValues] = useState<FormValues>(() => valuesFrom(answers.ldap));
  const [phase, setPhase] = useState<'form' | 'testing' | 'result'>('form');
  const [report, setReport] = useState<DirectoryReport>();
  const [formKey, setFormKey] = useState(0);
  const [startAt, setStartAt] = useState<string>();

  useEffect(() => {
    if (phase !== 'testing') return;
    let live = true;
    const settings = ldapFromValues(values);
    void services.testDirectory(settings).then(
      async (result) => {
        await services.audit('wizard.ldap-test', settings.uri, result.ok ? 'ok' : 'failed', result.steps.map((s) => `${s.name}:${s.status}`).join(' '));
        if (!live) return;
        setReport(result);
        setPhase('result');
      },
      (error: unknown) => {
        if (!live) return;
        setReport({ ok: false, examples: [], steps: [{ name: 'connect', status: 'fail', message: (error as Error).message }] });
        setPhase('result');
      },
    );
    return () => {
      live = false;
    };
  }, [phase, values, services]);

  const accept = (): void => onNext({ ...answers, provisioner: 'ldap', ldap: ldapFromValues(values) });
  return (
    <StepFrame title="LDAP directory" position={position} total={total} intro="DMS looks users, domains and aliases up in your directory.">
      {phase === 'form' && (
        <Form
          key={formKey}
          startAt={startAt}
          fields={ldapFields()}
          initial={values}
          onBack={onBack}
          onSubmit={(next) => {
            setValues(next);
            setPhase('testing');
          }}
        />
      )}
      {phase === 'testing' && <Text>Testing {values.uri}: connecting, binding, searching …</Text>}
      {phase === 'result' && report && (
        <TestResult
          report={report}
          onAccept={accept}
          onRetry={() => setPhase('testing')}
          onEdit={() => {
            const failed = report.steps.find((s) => s.status === 'fail')?.name;
            setStartAt(failed ? FIELD_OF_STEP[failed] : undefined);
            setFormKey((k) => k + 1);
            setPhase('form');
          }}
        />
      )}
    </StepFrame>
  );
}
