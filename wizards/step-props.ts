import type { WizardAnswers } from '../src/dms/wizard-answers.js';
import type { WizardServices } from './wizard-services.js';

/** What pre-flight learned that later steps use (not part of the answers). */
export interface WizardHints {
  /** Too little memory for ClamAV: it starts off, with a note. */
  smallHost?: boolean;
}

export interface StepProps {
  answers: WizardAnswers;
  services: WizardServices;
  hints: WizardHints;
  position: number;
  total: number;
  onNext: (answers: WizardAnswers, hints?: WizardHints) => void;
  onBack: () => void;
  /** Ends the wizard with an exit code and a message printed after the screen is gone. */
  onQuit: (code: number, message: string) => void;
}
