import { existsSync } from 'node:fs';
import type { ReactNode } from 'react';
import type { TlsChoice } from '../src/dms/wizard-answers.js';
import type { Field, FormValues } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import type { StepProps } from './step-props.js';

const isManual = (values: FormValues): boolean => values.type === 'manual';

function fileProblem(path: string, what: string): string | undefined {
  if (path === '') return `Give the file of the ${what}`;
  if (!path.startsWith('/')) return `${path} is not an absolute path`;
  return existsSync(path) ? undefined : `${path} does not exist on this machine`;
}

export function tlsFields(hostname: string): Field[] {
  return [
    {
      kind: 'choice',
      name: 'type',
      label: 'TLS certificate (SSL_TYPE)',
      options: [
        { value: 'letsencrypt', label: "Let's Encrypt", why: `certificates in /etc/letsencrypt/live/${hostname} (certbot or the TLS step)` },
        { value: 'manual', label: 'My own files', why: 'a certificate chain and key you already have' },
        { value: 'self-signed', label: 'Self-signed', why: 'made now; clients warn: for tests only' },
        { value: 'none', label: 'None', why: 'passwords in plain text: never on the Internet' },
      ],
    },
    { kind: 'text', name: 'certPath', label: 'Certificate chain file (PEM)', when: isManual, placeholder: '/etc/ssl/mail/fullchain.pem', validate: (v) => fileProblem(v.trim(), 'certificate chain') },
    { kind: 'text', name: 'keyPath', label: 'Private key file (PEM)', when: isManual, placeholder: '/etc/ssl/mail/privkey.pem', validate: (v) => fileProblem(v.trim(), 'private key') },
  ];
}

/** Step 6: the TLS choice. A seam for the TLS step to come (ACME, checks); the choice goes into SSL_TYPE. */
export function TlsStep({ answers, position, total, onNext, onBack }: StepProps): ReactNode {
  const initial: FormValues = { type: answers.tls.type, certPath: answers.tls.certPath ?? '', keyPath: answers.tls.keyPath ?? '' };
  return (
    <StepFrame title="TLS" position={position} total={total} intro="How the server proves its name and encrypts connections.">
      <Form
        fields={tlsFields(answers.hostname)}
        initial={initial}
        onBack={onBack}
        onSubmit={(values) => {
          const type = values.type as TlsChoice;
          onNext({ ...answers, tls: type === 'manual' ? { type, certPath: values.certPath?.trim(), keyPath: values.keyPath?.trim() } : { type } });
        }}
      />
    </StepFrame>
  );
}
