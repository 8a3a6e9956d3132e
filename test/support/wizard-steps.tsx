import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReactElement } from 'react';
import type { WizardAnswers } from '../../src/dms/wizard-answers.js';
import type { PreflightReport } from '../../src/services/preflight/preflight.js';
import type { StepProps } from '../../wizards/step-props.js';
import { realServices, type WizardServices } from '../../wizards/wizard-services.js';
import { KEYS, renderWizard, type InkDriver } from './wizard-ink.js';

// Step tests keep mailwiz's settings, saved answers and audit log in a folder of their own.
process.env.MAILWIZ_CONFIG_DIR ??= mkdtempSync(join(tmpdir(), 'mailwiz-steps-'));

/** A machine that passes every pre-flight check. */
export function readyReport(overrides: Partial<PreflightReport> = {}): PreflightReport {
  return {
    checks: [{ id: 'engine', title: 'Docker engine', status: 'ok', message: 'Docker 27.0 (API 1.46, linux/amd64)' }],
    ports: [],
    smallHost: false,
    mailServers: [],
    existingFiles: [],
    blocked: false,
    ...overrides,
  };
}

/** The real services, with the machine's pre-flight report and addresses given (a step test runs on any host). */
export function stepServices(report = readyReport(), overrides: Partial<WizardServices> = {}): WizardServices {
  return {
    ...realServices(),
    preflight: async () => report,
    detectAddresses: () => ({ ipv4: '203.0.113.7' }),
    saveProgress: () => undefined,
    clearProgress: () => undefined,
    ...overrides,
  };
}

export interface StepRun extends InkDriver {
  next: () => WizardAnswers | undefined;
  backs: () => number;
  quit: () => { code: number; message: string } | undefined;
  /** Deletes `count` characters of the current text field. */
  erase: (count: number) => Promise<void>;
}

export async function renderStep(
  Step: (props: StepProps) => React.ReactNode,
  answers: WizardAnswers,
  options: { services?: WizardServices; hints?: StepProps['hints'] } = {},
): Promise<StepRun> {
  let next: WizardAnswers | undefined;
  let backs = 0;
  let quit: { code: number; message: string } | undefined;
  const element: ReactElement = (
    <Step
      answers={answers}
      services={options.services ?? stepServices()}
      hints={options.hints ?? {}}
      position={2}
      total={8}
      onNext={(a) => (next = a)}
      onBack={() => backs++}
      onQuit={(code, message) => (quit = { code, message })}
    />
  );
  const driver = await renderWizard(element);
  return {
    ...driver,
    next: () => next,
    backs: () => backs,
    quit: () => quit,
    erase: async (count) => {
      for (let i = 0; i < count; i++) await driver.press(KEYS.backspace);
    },
  };
}
