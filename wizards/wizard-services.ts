import type { DirectoryReport } from '../src/services/ldap/directory-test.js';
import type { ComparedFile } from '../src/services/deploy/plan-files.js';
import type { WriteResult } from '../src/services/deploy/write-files.js';
import type { DeployOptions, DeployResult } from '../src/services/deploy/deploy.js';
import type { PreflightOptions, PreflightReport } from '../src/services/preflight/preflight.js';
import type { LdapSettings, WizardAnswers } from '../src/dms/wizard-answers.js';
import { detectAddresses } from '../src/services/preflight/addresses.js';
import { clearProgress, saveProgress } from '../src/services/deploy/saved-answers.js';

/**
 * What the wizard's steps ask of the outside world, as one object handed to the flow: the CLI passes the real
 * services; a step's test can pass a fixed pre-flight report. Heavy modules load only when a step needs them.
 */
export interface WizardServices {
  preflight(options: PreflightOptions): Promise<PreflightReport>;
  detectAddresses(): { ipv4?: string; ipv6?: string };
  testDirectory(settings: LdapSettings, sampleAddress?: string): Promise<DirectoryReport>;
  compareFiles(answers: WizardAnswers): Promise<ComparedFile[]>;
  writeFiles(directory: string, files: ComparedFile[]): Promise<WriteResult>;
  /** The state of a container of that name, when there is one. */
  containerState(name: string): Promise<string | undefined>;
  deploy(answers: WizardAnswers, options: DeployOptions): Promise<DeployResult>;
  saveProgress(answers: WizardAnswers, step: string): void;
  clearProgress(): void;
  audit(action: string, target: string, result: 'ok' | 'failed', detail?: string): Promise<void>;
}

export function realServices(overrides: { deployLabels?: Record<string, string> } = {}): WizardServices {
  return {
    preflight: async (options) => (await import('../src/services/preflight/preflight.js')).runPreflight(options),
    detectAddresses,
    testDirectory: async (settings, sample) => (await import('../src/services/ldap/directory-test.js')).testDirectory(settings, { sampleAddress: sample }),
    compareFiles: async (answers) => {
      const { compareFiles, planFiles } = await import('../src/services/deploy/plan-files.js');
      return compareFiles(planFiles(answers));
    },
    writeFiles: async (directory, files) => (await import('../src/services/deploy/write-files.js')).writeFiles(directory, files),
    containerState: async (name) => {
      const { connectEngine } = await import('../src/target/index.js');
      const docker = await connectEngine();
      return docker
        .getContainer(name)
        .inspect()
        .then(
          (info) => info.State.Status,
          () => undefined,
        );
    },
    deploy: async (answers, options) =>
      (await import('../src/services/deploy/deploy.js')).deploy(answers, { ...options, labels: { ...overrides.deployLabels, ...options.labels } }),
    saveProgress,
    clearProgress,
    audit: async (action, target, result, detail) => (await import('../src/services/audit-log.js')).appendAudit({ action, target, result, detail }),
  };
}
