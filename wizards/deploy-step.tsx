import { Box, Text } from 'ink';
import { useEffect, useState, type ReactNode } from 'react';
import { toTable } from '../src/dms/dns-plan.js';
import type { CheckResult } from '../src/services/dns/check-result.js';
import type { DeployEvent, DeployPhase, DeployResult, PhaseState } from '../src/services/deploy/deploy.js';
import type { LayerProgress } from '../src/services/deploy/image-pull.js';
import { CheckLine } from '../src/ui/prompts/check-line.js';
import { Pager, plainLine } from '../src/ui/pager.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import { isBack, useWizardInput } from '../src/ui/prompts/use-wizard-input.js';
import { deployedContainer } from '../src/services/deploy/container-spec.js';
import { LayerBars, PhaseLines } from './deploy-progress.js';
import { checkLines, LiveCheckView, useLiveCheck } from './live-check.js';
import { recordLines } from './record-lines.js';
import type { StepProps } from './step-props.js';

type Phase = 'ask' | 'checking' | 'replace' | 'running' | 'done' | 'failed';

export function laterMessage(directory: string, container: string, first?: string): string {
  return [
    `The files are in ${directory}. To start the mail server later:`,
    `  cd ${directory} && docker compose up -d`,
    first ? `then, within two minutes (DMS stops without an account): docker exec -it ${container} setup email add ${first}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** What stays on the terminal after the wizard: how to manage the server, the records, notes, the last check. */
export function doneMessage(result: DeployResult, directory: string, checked?: readonly CheckResult[]): string {
  return [
    result.stack
      ? `The ${result.stack} stack is up. Manage it with: mailwiz --stack ${result.stack} console  (or docker compose in ${directory})`
      : `${result.container} is up. Manage it with: mailwiz -c ${result.container} console  (or docker compose in ${directory})`,
    'Publish these DNS records:',
    toTable(result.records).trimEnd(),
    ...result.notes,
    ...(checked ? ['The last check (mailwiz check runs it again):', ...checkLines(checked)] : []),
  ].join('\n');
}

/** Step 8: deploy over the engine, with per-layer pull progress; then the DNS records to publish. */
export function DeployStep({ answers, services, position, total, onBack, onQuit }: StepProps): ReactNode {
  const [phase, setPhase] = useState<Phase>('ask');
  const [existing, setExisting] = useState<string>();
  const [phases, setPhases] = useState(new Map<DeployPhase, { state: PhaseState; message: string }>());
  const [layers, setLayers] = useState<LayerProgress[]>([]);
  const [result, setResult] = useState<DeployResult>();
  const [error, setError] = useState<{ message: string; detail?: string }>();
  const kopano = answers.system === 'kopano';
  const name = deployedContainer(answers);
  const { check, start: startCheck } = useLiveCheck(() => services.checkServer(answers));

  useEffect(() => {
    if (phase !== 'checking') return;
    void services.containerState(name).then(
      (state) => {
        setExisting(state);
        setPhase(state ? 'replace' : 'running');
      },
      (e: unknown) => {
        setError({ message: (e as Error).message });
        setPhase('failed');
      },
    );
  }, [phase, name, services]);

  useEffect(() => {
    if (phase !== 'running') return;
    setPhases(new Map());
    setLayers([]);
    const onEvent = (event: DeployEvent): void => {
      if (event.kind === 'layers') setLayers(event.layers);
      else setPhases((m) => new Map(m).set(event.phase, { state: event.state, message: event.message }));
    };
    services.deploy(answers, { replaceExisting: Boolean(existing), onEvent }).then(
      (done) => {
        services.clearProgress();
        setResult(done);
        setPhase('done');
      },
      (e: unknown) => {
        setError({ message: (e as Error).message, detail: (e as { detail?: string }).detail });
        setPhase('failed');
      },
    );
  }, [phase, answers, services, existing]);

  useWizardInput((input, key) => {
    if (phase === 'ask') {
      if (input === 'y' || input === 'Y' || key.return) setPhase('checking');
      else if (input === 'n' || input === 'N') onQuit(0, laterMessage(answers.directory, name, answers.firstAccount?.address));
      else if (isBack(input, key)) onBack();
    } else if (phase === 'replace') {
      if (input === 'y' || input === 'Y') setPhase('running');
      else if (input === 'n' || input === 'N' || key.escape) setPhase('ask');
    } else if (phase === 'failed') {
      if (input === 'r') setPhase('checking');
      else if (input === 'q') onQuit(1, `The deploy failed: ${error?.message ?? ''}`);
      else if (isBack(input, key)) onBack();
    } else if (phase === 'done' && key.return && result) {
      onQuit(0, doneMessage(result, answers.directory, check.state === 'done' ? check.results : undefined));
    } else if (phase === 'done' && input === 'r') {
      startCheck();
    }
  }, phase !== 'running' && phase !== 'checking');

  return (
    <StepFrame title="Deploy" position={position} total={total} intro={kopano ? `Pull the stack's images, create and start its services (${name} takes the mail).` : `Pull ${answers.image}, create and start ${name}.`}>
      <Box flexDirection="column">
        {phase === 'ask' && <Text bold>Deploy now? (y/n) · Esc: back</Text>}
        {phase === 'replace' && (
          <Text bold>
            A container named {name} exists ({existing}). Replace {kopano ? "the stack's containers? Their volumes (mail, database, directory) are kept." : `it? Mail and settings in ${answers.directory}/docker-data are kept.`} (y/n)
          </Text>
        )}
        {(phase === 'running' || phase === 'done' || phase === 'failed') && <PhaseLines phases={phases} />}
        {phase === 'running' && phases.get('pull')?.state === 'running' && layers.length > 0 && <LayerBars layers={layers} />}
        {phase === 'done' && result && (
          <Box flexDirection="column" marginTop={1}>
            <Text bold>Publish these DNS records:</Text>
            <LiveCheckView check={check} what="DNS and the TLS ports" height={8} until={<Pager items={recordLines(result.records)} render={plainLine} height={8} footerWhenScrolling />} />
            {result.notes.map((note) => (
              <Text key={note}>{note}</Text>
            ))}
            <Text dimColor>r: check DNS (DKIM too) and TLS now · Enter: finish (the records are printed again)</Text>
          </Box>
        )}
        {phase === 'failed' && error && (
          <Box flexDirection="column">
            <CheckLine status="fail" title="Deploy" message={error.message} />
            {error.detail && <Text dimColor>{error.detail}</Text>}
            <Text dimColor>r: try again · Esc: back · q: quit</Text>
          </Box>
        )}
      </Box>
    </StepFrame>
  );
}
