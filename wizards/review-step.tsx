import { Box, Text } from 'ink';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useEffect, useState, type ReactNode } from 'react';
import { dmsDomainName } from '../src/dms/dns-name.js';
import { parseAcmeJson, pickAcmeCertificate } from '../src/dms/traefik-acme.js';
import { answersProblems, certificateSource, letsencryptDir } from '../src/dms/wizard-answers.js';
import type { ComparedFile } from '../src/services/deploy/plan-files.js';
import { CheckLine } from '../src/ui/prompts/check-line.js';
import { Pager, plainLine } from '../src/ui/pager.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import { isBack, useWizardInput } from '../src/ui/prompts/use-wizard-input.js';
import { answersSummary } from './answers-summary.js';
import type { StepProps } from './step-props.js';

const STATUS_WORDS = { new: 'new', same: 'unchanged', changed: 'changed (the old one is backed up)', kept: 'exists, kept' } as const;

function fileLines(files: readonly ComparedFile[], directory: string): string[] {
  const lines: string[] = [];
  for (const file of files) {
    lines.push(`${file.path.replace(`${directory}/`, '')}: ${STATUS_WORDS[file.status]}${file.mode === 0o600 ? ', mode 0600' : ''}`);
    lines.push(...file.diff.map((line) => `    ${line}`));
  }
  return lines;
}

/** Why Traefik's acme.json gives DMS no certificate for the host name (or its parent domain, DMS's fallback). */
function acmeJsonProblem(file: string, hostname: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  try {
    const parent = dmsDomainName(hostname);
    return pickAcmeCertificate(parseAcmeJson(text), [undefined, hostname, parent]).found ? undefined : `${file} holds no certificate for ${hostname} or ${parent}`;
  } catch (error) {
    return `${file}: ${(error as Error).message}`;
  }
}

/** What would stop DMS at its first start although the answers are valid, and what the deploy needs. */
function startWarnings(answers: StepProps['answers']): string[] {
  const warnings: string[] = [];
  const { tls, hostname } = answers;
  if (tls.type === 'letsencrypt') {
    const source = certificateSource(tls);
    const chain = join(letsencryptDir(tls), 'live', hostname, 'fullchain.pem');
    if (source === 'mailwiz' && !existsSync(chain)) {
      warnings.push(`mailwiz asks ${tls.acmeDirectory ?? "Let's Encrypt"} for the certificate of ${hostname} during the deploy: port ${tls.httpPort ?? 80} of ${hostname} must reach this machine, with nothing else listening there.`);
    }
    if (source === 'existing' && !existsSync(chain)) warnings.push(`No certificate at ${chain} yet: DMS stops at start without it.`);
    if (source === 'traefik' && tls.acmeJson) {
      const problem = acmeJsonProblem(tls.acmeJson, hostname);
      if (problem) warnings.push(`${problem}: ${answers.system === 'kopano' ? 'Kopano and Postfix get no certificate from it.' : 'DMS stops at start without a certificate.'}`);
    }
  }
  if (tls.type === 'none') warnings.push('No TLS: passwords cross the network in plain text. Use this only on a test machine.');
  return warnings;
}

/** Step 7: everything at a glance, the files with a diff against what is there; then write them (asked first). */
export function ReviewStep({ answers, services, position, total, onNext, onBack }: StepProps): ReactNode {
  const problems = answersProblems(answers);
  const [files, setFiles] = useState<ComparedFile[]>();
  const [phase, setPhase] = useState<'review' | 'confirm' | 'writing' | 'error'>('review');
  const [error, setError] = useState<string>();
  const pending = files?.filter((f) => f.status === 'new' || f.status === 'changed') ?? [];

  useEffect(() => {
    if (problems.length > 0) return;
    let live = true;
    void services.compareFiles(answers).then(
      (compared) => live && setFiles(compared),
      (e: unknown) => {
        if (!live) return;
        setError((e as Error).message);
        setPhase('error');
      },
    );
    return () => {
      live = false;
    };
  }, [answers, services, problems.length]);

  const write = (): void => {
    if (!files) return;
    setPhase('writing');
    services.writeFiles(answers, files).then(
      () => onNext(answers),
      (e: unknown) => {
        setError(`Nothing was written: ${(e as Error).message}`);
        setPhase('error');
      },
    );
  };

  useWizardInput((input, key) => {
    if (phase === 'confirm') {
      if (input === 'y' || input === 'Y') write();
      else if (input === 'n' || input === 'N' || key.escape) setPhase('review');
      return;
    }
    if (isBack(input, key)) return onBack();
    if (phase !== 'review' || problems.length > 0 || !files) return;
    if (key.return || input === 'w') {
      if (pending.length === 0) onNext(answers);
      else setPhase('confirm');
    }
  }, phase !== 'writing');

  return (
    <StepFrame title="Review" position={position} total={total} intro="Nothing is written until you say so.">
      <Box flexDirection="column">
        {answersSummary(answers).map((line) => (
          <Text key={line} wrap="truncate-end">
            {line}
          </Text>
        ))}
        {problems.map((p) => (
          <CheckLine key={p.field} status="fail" title={p.field} message={p.message} />
        ))}
        {problems.length > 0 && <Text dimColor>Esc: go back and fix these</Text>}
        {problems.length === 0 &&
          startWarnings(answers).map((warning) => <CheckLine key={warning} status="warn" title="TLS" message={warning} />)}
        {files && (
          <Box flexDirection="column" marginTop={1}>
            <Pager items={fileLines(files, answers.directory)} render={plainLine} height={8} active={phase === 'review'} footerWhenScrolling />
          </Box>
        )}
        {phase === 'review' && files && (
          <Text dimColor>{pending.length === 0 ? 'The files are up to date. Enter: go on to the deploy' : `Enter: write ${pending.length} file(s)`} · Esc: back</Text>
        )}
        {phase === 'confirm' && (
          <Text bold>
            Write {pending.length} file(s) to {answers.directory}
            {pending.some((f) => f.status === 'changed') ? ', backing up the changed ones first' : ''}? (y/n)
          </Text>
        )}
        {phase === 'writing' && <Text>Writing …</Text>}
        {phase === 'error' && <CheckLine status="fail" title="Files" message={error ?? ''} />}
      </Box>
    </StepFrame>
  );
}
