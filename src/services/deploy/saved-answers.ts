import Conf from 'conf';
import { withoutSecrets, type WizardAnswers } from '../../dms/wizard-answers.js';

/**
 * The wizard's answers between runs (conf, `wizard.json` beside mailwiz's settings, 0600), so that a run stopped
 * with Ctrl-C can be resumed. Secrets are never kept: passwords are asked again.
 */

export interface SavedProgress {
  answers: WizardAnswers;
  /** The step the user was on. */
  step: string;
  savedAt: string;
}

interface Schema {
  progress?: SavedProgress;
}

let store: Conf<Schema> | undefined;

function progressStore(): Conf<Schema> {
  store ??= new Conf<Schema>({
    projectName: 'mailwiz',
    projectSuffix: '',
    configName: 'wizard',
    configFileMode: 0o600,
    cwd: process.env.MAILWIZ_CONFIG_DIR || undefined,
  });
  return store;
}

export function loadProgress(): SavedProgress | undefined {
  return progressStore().get('progress');
}

export function saveProgress(answers: WizardAnswers, step: string, now = new Date()): void {
  progressStore().set('progress', { answers: withoutSecrets(answers), step, savedAt: now.toISOString() });
}

export function clearProgress(): void {
  progressStore().delete('progress');
}
