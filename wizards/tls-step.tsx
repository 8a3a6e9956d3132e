import { join } from 'node:path';
import type { ReactNode } from 'react';
import { dmsDomainName } from '../src/dms/dns-name.js';
import { contactEmailProblem } from '../src/dms/validate.js';
import { LETSENCRYPT_DIR, type CertificateSource, type TlsChoice, type TlsSettings, type WizardAnswers } from '../src/dms/wizard-answers.js';
import type { Field, FormValues } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import type { StepProps } from './step-props.js';

const isManual = (values: FormValues): boolean => values.type === 'manual';
const isLetsEncrypt = (values: FormValues): boolean => values.type === 'letsencrypt';
const from = (source: CertificateSource) => (values: FormValues): boolean => isLetsEncrypt(values) && values.source === source;

/** Whether a path exists on this machine: the wizard's services answer it. */
type Exists = (path: string) => boolean;

function fileProblem(path: string, what: string, exists: Exists): string | undefined {
  if (path === '') return `Give the file of the ${what}`;
  if (!path.startsWith('/')) return `${path} is not an absolute path`;
  return exists(path) ? undefined : `${path} does not exist on this machine`;
}

function liveFolderProblem(dir: string, hostname: string, exists: Exists): string | undefined {
  if (!dir.startsWith('/')) return `${dir} is not an absolute path`;
  const chain = join(dir, 'live', hostname, 'fullchain.pem');
  return exists(chain) ? undefined : `No certificate at ${chain}: DMS does not start without it. Let mailwiz get one instead?`;
}

const SOURCES = (hostname: string) => [
  { value: 'mailwiz', label: 'mailwiz gets it now', why: 'over ACME before the first start; port 80 must reach it; cron renews it' },
  { value: 'existing', label: 'It is there already', why: `certbot or another tool keeps it in /etc/letsencrypt/live/${hostname}/` },
  { value: 'traefik', label: 'Traefik has it', why: "DMS takes it from Traefik's acme.json and follows its renewals" },
];

/** The Kopano stack reads Let's Encrypt certificates only from Traefik's acme.json (ACME_FILE). */
const KOPANO_SOURCES = [{ value: 'traefik', label: 'Traefik has it', why: "Kopano and Postfix read it from Traefik's acme.json (ACME_FILE)" }];

export function tlsFields(hostname: string, system: WizardAnswers['system'], exists: Exists): Field[] {
  const kopano = system === 'kopano';
  return [
    {
      kind: 'choice',
      name: 'type',
      label: kopano ? 'TLS certificate' : 'TLS certificate (SSL_TYPE)',
      options: [
        { value: 'letsencrypt', label: "Let's Encrypt", why: `a free certificate for ${hostname}, renewed automatically` },
        { value: 'manual', label: 'My own files', why: 'a certificate chain and key you already have (also Caddy’s files)' },
        { value: 'self-signed', label: 'Self-signed', why: kopano ? 'each image makes its own; clients warn: for tests only' : 'made now; clients warn: for tests only' },
        { value: 'none', label: 'None', why: 'passwords in plain text: never on the Internet' },
      ],
    },
    {
      kind: 'choice',
      name: 'source',
      label: "Where the Let's Encrypt certificate comes from",
      when: isLetsEncrypt,
      options: kopano ? KOPANO_SOURCES : SOURCES(hostname),
    },
    {
      kind: 'text',
      name: 'email',
      label: "Email for Let's Encrypt's expiry notices (optional)",
      when: from('mailwiz'),
      placeholder: `postmaster@${dmsDomainName(hostname)}`,
      validate: (v) => (v.trim() === '' ? undefined : contactEmailProblem(v.trim())),
    },
    {
      kind: 'text',
      name: 'letsencryptDir',
      label: "The Let's Encrypt folder on this machine",
      when: from('existing'),
      defaultFrom: () => LETSENCRYPT_DIR,
      validate: (v) => liveFolderProblem(v.trim(), hostname, exists),
    },
    { kind: 'text', name: 'acmeJson', label: "Traefik's acme.json", when: from('traefik'), placeholder: '/opt/traefik/acme.json', validate: (v) => fileProblem(v.trim(), 'acme.json', exists) },
    { kind: 'text', name: 'certPath', label: 'Certificate chain file (PEM)', when: isManual, placeholder: '/etc/ssl/mail/fullchain.pem', validate: (v) => fileProblem(v.trim(), 'certificate chain', exists) },
    { kind: 'text', name: 'keyPath', label: 'Private key file (PEM)', when: isManual, placeholder: '/etc/ssl/mail/privkey.pem', validate: (v) => fileProblem(v.trim(), 'private key', exists) },
  ];
}

/** The answers of the form; settings the wizard does not ask (another ACME server) are kept from before. */
function tlsSettings(values: FormValues, before: TlsSettings): TlsSettings {
  const type = values.type as TlsChoice;
  if (type === 'manual') return { type, certPath: values.certPath?.trim(), keyPath: values.keyPath?.trim() };
  if (type !== 'letsencrypt') return { type };
  const source = (values.source ?? 'mailwiz') as CertificateSource;
  if (source === 'traefik') return { type, source, acmeJson: values.acmeJson?.trim() };
  if (source === 'existing') return { type, source, letsencryptDir: values.letsencryptDir?.trim() || LETSENCRYPT_DIR };
  const email = values.email?.trim();
  const { letsencryptDir, acmeDirectory, acmeCa, httpPort } = before;
  return { type, source, email: email || undefined, letsencryptDir, acmeDirectory, acmeCa, httpPort };
}

/** Step 6: the TLS choice, and for Let's Encrypt where the certificate comes from. The choice goes into SSL_TYPE. */
export function TlsStep({ answers, services, position, total, onNext, onBack }: StepProps): ReactNode {
  const { tls } = answers;
  const initial: FormValues = {
    type: tls.type,
    source: tls.source ?? (answers.system === 'kopano' ? 'traefik' : 'mailwiz'),
    email: tls.email ?? '',
    letsencryptDir: tls.letsencryptDir ?? '',
    acmeJson: tls.acmeJson ?? '',
    certPath: tls.certPath ?? '',
    keyPath: tls.keyPath ?? '',
  };
  return (
    <StepFrame title="TLS" position={position} total={total} intro="How the server proves its name and encrypts connections.">
      <Form fields={tlsFields(answers.hostname, answers.system, services.pathExists)} initial={initial} onBack={onBack} onSubmit={(values) => onNext({ ...answers, tls: tlsSettings(values, tls) })} />
    </StepFrame>
  );
}
