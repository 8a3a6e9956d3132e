import { Box, Text } from 'ink';
import { useEffect, useState, type ReactNode } from 'react';
import { answersProblems } from '../src/dms/wizard-answers.js';
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

/** Step 7: everything at a glance, the files with a diff against what is there; then write them (asked first). */
export function ReviewStep({ answers, services, position, total, onNext, onBack }: StepProps): ReactNode {
  const problems = answersProblems(answers);
  const [files, setFiles] = useState<ComparedFile[]>();
  const [warnings, setWarnings] = useState<string[]>([]);
  const [phase, setPhase] = useState<'review' | 'confirm' | 'writing' | 'error'>('review');
  const [error, setError] = useState<string>();
  const pending = files?.filter((f) => f.status === 'new' || f.status === 'changed') ?? [];

  useEffect(() => {
    if (problems.length > 0) return;
    let live = true;
    void services.startWarnings(answers).then((found) => live && setWarnings(found), () => undefined);
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
          warnings.map((warning) => <CheckLine key={warning} status="warn" title="TLS" message={warning} />)}
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
