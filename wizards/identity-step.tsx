import { useState, type ReactNode } from 'react';
import { normalName } from '../src/dms/dns-name.js';
import {
  domainsProblem,
  hostnameProblem,
  hostnameWarning,
  ipProblem,
  ipWarning,
  splitDomains,
} from '../src/dms/wizard-answers.js';
import { choiceField, type Field, type FormValues } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import type { StepProps } from './step-props.js';

export const PUBLISH_ALL = 'all';
export const PUBLISH_LOOPBACK = '127.0.0.1';

function ipField(family: 4 | 6, why: string): Field {
  return {
    kind: 'text',
    name: `ipv${family}`,
    label: `Public IPv${family} address`,
    why,
    validate: (value) => ipProblem(value.trim(), family),
    warn: (value) => ipWarning(value.trim()),
  };
}

export function identityFields(): Field[] {
  return [
    {
      kind: 'text',
      name: 'domains',
      label: 'Mail domains',
      why: 'The part after the @ of your addresses; several separated by commas',
      placeholder: 'example.com',
      validate: (value) => domainsProblem(splitDomains(value)),
    },
    {
      kind: 'text',
      name: 'hostname',
      label: "The server's host name (FQDN)",
      why: 'The name other mail servers connect to; your MX records will point here',
      defaultFrom: (values) => {
        const first = splitDomains(values.domains ?? '')[0];
        return first ? `mail.${first}` : undefined;
      },
      validate: (value) => hostnameProblem(value.trim()),
      warn: (value, values) => hostnameWarning(value.trim(), splitDomains(values.domains ?? '')),
    },
    ipField(4, 'For the A and SPF records; found on this machine, change it if the public one differs (empty: none)'),
    ipField(6, 'For the AAAA and SPF records (empty: none)'),
    choiceField('publish', 'Publish the mail ports on', [
      [PUBLISH_ALL, 'every address of this machine', 'a real mail server: the Internet must reach port 25'],
      [PUBLISH_LOOPBACK, '127.0.0.1 only', 'trying it out, or behind a proxy on this machine'],
    ]),
  ];
}

/** Step 2: the domains, the host name, the public addresses. */
export function IdentityStep({ answers, services, position, total, onNext, onBack }: StepProps): ReactNode {
  const [detected] = useState(() => (answers.domains.length === 0 ? services.detectAddresses() : {}));
  const initial: FormValues = {
    domains: answers.domains.join(', '),
    ...(answers.hostname ? { hostname: answers.hostname } : {}),
    ipv4: answers.ipv4 ?? detected.ipv4 ?? '',
    ipv6: answers.ipv6 ?? detected.ipv6 ?? '',
    publish: answers.publish.address === PUBLISH_LOOPBACK ? PUBLISH_LOOPBACK : PUBLISH_ALL,
  };
  return (
    <StepFrame title="Identity" position={position} total={total} intro="Who the server is on the Internet.">
      <Form
        fields={identityFields()}
        initial={initial}
        onBack={onBack}
        onSubmit={(values) =>
          onNext({
            ...answers,
            domains: splitDomains(values.domains ?? ''),
            hostname: normalName(values.hostname ?? ''),
            ipv4: values.ipv4?.trim() || undefined,
            ipv6: values.ipv6?.trim() || undefined,
            publish: { ...answers.publish, address: values.publish === PUBLISH_LOOPBACK ? PUBLISH_LOOPBACK : answers.publish.address === PUBLISH_LOOPBACK ? '' : answers.publish.address },
          })
        }
      />
    </StepFrame>
  );
}
