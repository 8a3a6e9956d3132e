import type { ReactNode } from 'react';
import { featuresProblem, type Features, type SpamFilter, type WizardAnswers } from '../src/dms/wizard-answers.js';
import { hostProblem, portProblem } from '../src/dms/validate.js';
import { choiceField, splitToggles, type Field, type FormValues } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import type { StepProps } from './step-props.js';

const TOGGLES = ['clamav', 'fail2ban', 'postgrey', 'pop3', 'managesieve', 'quotas'] as const;
const withRelay = (values: FormValues): boolean => values.relay === 'yes';

export function featureFields(answers: WizardAnswers, smallHost: boolean): Field[] {
  const options = [
    { value: 'clamav', label: 'ClamAV', why: smallHost ? 'virus scanning; needs ~2.5 GB memory: this host has too little' : 'virus scanning of every mail (~2.5 GB memory)' },
    { value: 'fail2ban', label: 'Fail2Ban', why: 'bans addresses that keep guessing passwords (adds NET_ADMIN)' },
    { value: 'postgrey', label: 'Postgrey', why: 'greylisting: spammers rarely retry (delays first mail ~5 min)' },
    { value: 'pop3', label: 'POP3', why: 'for old clients that download and delete (ports 110, 995)' },
    { value: 'managesieve', label: 'ManageSieve', why: 'users edit their own filter rules from their mail client (4190)' },
  ];
  if (answers.provisioner === 'file') options.push({ value: 'quotas', label: 'Quotas', why: 'per-account mailbox size limits' });
  return [
    choiceField('spam', 'Spam filter', [
      ['rspamd', 'Rspamd', 'modern and fast; also checks SPF, DKIM, DMARC (recommended)'],
      ['amavis', 'Amavis + SpamAssassin', "DMS's classic pair; heavier"],
      ['off', 'None', 'no spam filtering'],
    ]),
    { kind: 'toggles', name: 'toggles', label: 'More features', options },
    choiceField(
      'relay',
      'Send outgoing mail through a relay host?',
      [
        ['no', 'No, deliver directly'],
        ['yes', 'Yes, through a relay (smarthost)'],
      ],
      { why: 'Needed when your provider blocks port 25 outbound, or to use a sending service' },
    ),
    { kind: 'text', name: 'relayHost', label: 'Relay host', placeholder: 'smtp.relay.example', when: withRelay, validate: (v) => hostProblem(v.trim()) ?? (v.trim() === '' ? 'Give the relay host' : undefined) },
    { kind: 'text', name: 'relayPort', label: 'Relay port', why: '587 (submission) for most services', when: withRelay, defaultFrom: () => '587', validate: (v) => portProblem(v.trim()) },
    { kind: 'text', name: 'relayUser', label: 'Relay user (empty: none)', when: withRelay },
    {
      kind: 'text',
      name: 'relayPassword',
      label: 'Relay password',
      secret: true,
      when: (values) => withRelay(values) && (values.relayUser ?? '') !== '',
      validate: (v) => (v === '' ? 'Give the password of the relay user' : undefined),
    },
  ];
}

export function featuresFromValues(values: FormValues): Features {
  const on = splitToggles(values.toggles);
  const features: Features = {
    spam: (values.spam ?? 'rspamd') as SpamFilter,
    clamav: on.includes('clamav'),
    fail2ban: on.includes('fail2ban'),
    postgrey: on.includes('postgrey'),
    pop3: on.includes('pop3'),
    managesieve: on.includes('managesieve'),
    quotas: on.includes('quotas'),
  };
  if (values.relay === 'yes') {
    features.relay = { host: (values.relayHost ?? '').trim(), port: Number(values.relayPort ?? 587) };
    if (values.relayUser) {
      features.relay.user = values.relayUser.trim();
      features.relay.password = values.relayPassword ?? '';
    }
  }
  return features;
}

/** Form field names of featuresProblem's answer paths. */
const FIELD_OF: Record<string, string> = { 'features.relay.host': 'relayHost', 'features.relay.port': 'relayPort', 'features.relay.user': 'relayUser' };

/** Step 4: filtering and the optional services, each with a one-line why. */
export function FeaturesStep({ answers, hints, position, total, onNext, onBack }: StepProps): ReactNode {
  const f = answers.features;
  const initial: FormValues = {
    spam: f.spam,
    toggles: TOGGLES.filter((t) => f[t] && !(t === 'clamav' && hints.smallHost)).join(','),
    relay: f.relay ? 'yes' : 'no',
    ...(f.relay ? { relayHost: f.relay.host, relayPort: String(f.relay.port), relayUser: f.relay.user ?? '', relayPassword: f.relay.password ?? '' } : {}),
  };
  return (
    <StepFrame title="Features" position={position} total={total} intro="What runs beside Postfix and Dovecot. All can be changed later in mailserver.env.">
      <Form
        fields={featureFields(answers, Boolean(hints.smallHost))}
        initial={initial}
        onBack={onBack}
        note={(field) => (field.name === 'toggles' && hints.smallHost ? 'Pre-flight found less than 4 GB of memory: ClamAV starts off.' : undefined)}
        validateAll={(values) => {
          const problem = featuresProblem(featuresFromValues(values), answers.provisioner);
          return problem ? { field: FIELD_OF[problem.field] ?? (problem.field === 'features.postgrey' || problem.field === 'features.clamav' || problem.field === 'features.quotas' ? 'toggles' : 'spam'), message: problem.message } : undefined;
        }}
        onSubmit={(values) => onNext({ ...answers, features: featuresFromValues(values) })}
      />
    </StepFrame>
  );
}
