import { Box, Text } from 'ink';
import { useEffect, useState, type ReactNode } from 'react';
import { directoryProblem, MAIL_PORTS, OPTIONAL_PORTS, type WizardAnswers } from '../src/dms/wizard-answers.js';
import type { PreflightReport } from '../src/services/preflight/preflight.js';
import { CheckLine } from '../src/ui/prompts/check-line.js';
import type { Field, Option } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import type { StepProps } from './step-props.js';

const FOLDER: Field[] = [
  {
    kind: 'text',
    name: 'directory',
    label: 'Folder for the mail server',
    why: 'compose.yaml, mailserver.env and docker-data/ (mail, state, logs, config) go here',
    validate: (v) => directoryProblem(v.trim()),
  },
];

function nextOptions(report: PreflightReport): Option[] {
  if (report.blocked) return [{ value: 'retry', label: 'Check again', why: 'after starting Docker or fixing access' }];
  const options: Option[] = [{ value: 'continue', label: report.mailServers.length ? 'Install a new mail server' : 'Continue' }];
  for (const server of report.mailServers.filter((s) => s.state === 'running').slice(0, 3)) {
    options.push({ value: `manage:${server.name}`, label: `Manage ${server.name} instead`, why: 'mailwiz stops here and says how' });
  }
  options.push({ value: 'kopano', label: 'Install the Kopano groupware stack instead', why: 'mlan/kopano with Postfix and Amavis, MariaDB, and OpenLDAP if wanted: four containers' });
  options.push({ value: 'retry', label: 'Check again' });
  return options;
}

/** Step 1: the folder, then what the machine offers: engine, ports, memory, disk, an earlier install. */
export function PreflightStep({ answers, services, position, total, onNext, onBack, onQuit }: StepProps): ReactNode {
  const [directory, setDirectory] = useState(answers.directory);
  const [phase, setPhase] = useState<'folder' | 'checking' | 'report'>('folder');
  const [report, setReport] = useState<PreflightReport>();
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (phase !== 'checking') return;
    let live = true;
    const ports = [...MAIL_PORTS, ...OPTIONAL_PORTS.map((p) => ({ ...p, optional: true }))];
    void services.preflight({ directory, ports, publishAddress: answers.publish.address, hostPorts: answers.publish.ports }).then((result) => {
      if (!live) return;
      setReport(result);
      setPhase('report');
      setRound((r) => r + 1);
    });
    return () => {
      live = false;
    };
  }, [phase, directory, services, answers.publish]);

  return (
    <StepFrame title="Pre-flight" position={position} total={total} intro="Where the files go, and whether this machine is ready.">
      {phase === 'folder' && (
        <Form
          fields={FOLDER}
          initial={{ directory }}
          onBack={onBack}
          onSubmit={(values) => {
            setDirectory((values.directory ?? '').trim().replace(/\/+$/, ''));
            setPhase('checking');
          }}
        />
      )}
      {phase === 'checking' && <Text>Checking the Docker engine, the ports, memory and disk …</Text>}
      {phase === 'report' && report && (
        <Box flexDirection="column">
          {report.checks.map((check) => (
            <CheckLine key={check.id} status={check.status} title={check.title} message={check.message} />
          ))}
          <Box marginTop={1}>
            <Form
              key={round}
              fields={[{ kind: 'choice', name: 'next', label: 'What now?', options: nextOptions(report) }]}
              initial={{}}
              onBack={() => setPhase('folder')}
              onSubmit={({ next = '' }) => {
                if (next === 'retry') return setPhase('checking');
                if (next.startsWith('manage:')) {
                  const name = next.slice('manage:'.length);
                  return onQuit(0, `Nothing was changed. To manage ${name}: mailwiz -c ${name} console (or: mailwiz -c ${name} status).`);
                }
                const smallHost = report.smallHost;
                if (next === 'kopano') {
                  // The images make their own certificates until told otherwise; Let's Encrypt comes from Traefik.
                  const tls = answers.system === 'kopano' ? answers.tls : { type: 'self-signed' as const };
                  return onNext({ ...answers, directory, system: 'kopano', tls }, { smallHost });
                }
                const dms: WizardAnswers = { ...answers, directory, system: undefined, kopano: undefined };
                onNext({ ...dms, features: { ...answers.features, clamav: smallHost ? false : answers.features.clamav } }, { smallHost });
              }}
            />
          </Box>
        </Box>
      )}
    </StepFrame>
  );
}
