import { Box, Text } from 'ink';
import { useState, type ReactNode } from 'react';
import type { WizardAnswers } from '../src/dms/wizard-answers.js';
import type { SavedProgress } from '../src/services/deploy/saved-answers.js';
import { choiceField } from '../src/ui/prompts/form-fields.js';
import { Form } from '../src/ui/prompts/form.js';
import { AccountsStep } from './accounts-step.js';
import { DeployStep } from './deploy-step.js';
import { DnsStep } from './dns-step.js';
import { FeaturesStep } from './features-step.js';
import { IdentityStep } from './identity-step.js';
import { KopanoStep } from './kopano-step.js';
import { LdapStep } from './ldap-step.js';
import { PreflightStep } from './preflight-step.js';
import { ReviewStep } from './review-step.js';
import type { StepProps, WizardHints } from './step-props.js';
import { TlsStep } from './tls-step.js';
import type { WizardServices } from './wizard-services.js';
import { activeSteps, resumeStep, STEP_TITLES, type StepId } from './wizard-steps.js';

const COMPONENTS: Record<StepId, (props: StepProps) => ReactNode> = {
  preflight: PreflightStep,
  identity: IdentityStep,
  accounts: AccountsStep,
  ldap: LdapStep,
  kopano: KopanoStep,
  features: FeaturesStep,
  dns: DnsStep,
  tls: TlsStep,
  review: ReviewStep,
  deploy: DeployStep,
};

export interface WizardProps {
  initial: WizardAnswers;
  services: WizardServices;
  /** A run that was stopped: offered to resume. */
  saved?: SavedProgress;
  /** The step to open on (tests). */
  startAt?: StepId;
  onExit: (code: number, message: string) => void;
}

function ResumePrompt({ saved, onAnswer }: { saved: SavedProgress; onAnswer: (resume: boolean) => void }): ReactNode {
  const when = new Date(saved.savedAt).toLocaleString();
  return (
    <Box flexDirection="column">
      <Text bold>mailwiz setup</Text>
      <Text>
        A setup started earlier ({when}) stopped at “{STEP_TITLES[saved.step as StepId] ?? saved.step}”. Passwords were not kept and are asked again.
      </Text>
      <Form
        fields={[
          choiceField('resume', 'Resume it?', [
            ['yes', 'Resume where it stopped'],
            ['no', 'Start over'],
          ]),
        ]}
        initial={{}}
        onBack={() => undefined}
        onSubmit={(values) => onAnswer(values.resume === 'yes')}
      />
    </Box>
  );
}

/** The install wizard: one step at a time, Esc/← goes back, answers kept after every step. */
export function Wizard({ initial, services, saved, startAt, onExit }: WizardProps): ReactNode {
  const [asking, setAsking] = useState(Boolean(saved));
  const [answers, setAnswers] = useState(initial);
  const [step, setStep] = useState<StepId>(startAt ?? 'preflight');
  const [hints, setHints] = useState<WizardHints>({});

  if (asking && saved) {
    return (
      <ResumePrompt
        saved={saved}
        onAnswer={(resume) => {
          if (resume) {
            const restored: WizardAnswers = { ...initial, ...saved.answers, image: initial.image, dns: initial.dns ?? saved.answers.dns };
            setAnswers(restored);
            setStep(resumeStep(restored, saved.step));
          } else {
            services.clearProgress();
          }
          setAsking(false);
        }}
      />
    );
  }

  const steps = activeSteps(answers);
  const index = Math.max(0, steps.indexOf(step));
  const Step = COMPONENTS[step];
  const go = (next: WizardAnswers, offset: number): void => {
    const list = activeSteps(next);
    const target = list[Math.min(list.length - 1, Math.max(0, list.indexOf(step) + offset))] ?? 'preflight';
    setAnswers(next);
    setStep(target);
    services.saveProgress(next, target);
  };
  return (
    <Step
      key={step}
      answers={answers}
      services={services}
      hints={hints}
      position={index + 1}
      total={steps.length}
      onNext={(next, moreHints) => {
        if (moreHints) setHints((h) => ({ ...h, ...moreHints }));
        go(next, 1);
      }}
      onBack={() => (index > 0 ? go(answers, -1) : undefined)}
      onQuit={onExit}
    />
  );
}
