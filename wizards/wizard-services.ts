import { existsSync } from 'node:fs';
import type { DirectoryReport } from '../src/services/ldap/directory-test.js';
import type { ComparedFile } from '../src/services/deploy/plan-files.js';
import type { WriteResult } from '../src/services/deploy/write-files.js';
import type { DeployOptions, DeployResult } from '../src/services/deploy/deploy.js';
import type { PreflightOptions, PreflightReport } from '../src/services/preflight/preflight.js';
import type { LdapSettings, WizardAnswers } from '../src/dms/wizard-answers.js';
import { problemsFirst, type CheckResult } from '../src/services/dns/check-result.js';
import type { FetchPolicy } from '../src/services/dns/checks/mta-sts.js';
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
  /** Into the answers' folder, with the data folders its system needs. */
  writeFiles(answers: WizardAnswers, files: ComparedFile[]): Promise<WriteResult>;
  /** What would stop the server at its first start although the answers are valid (certificate files checked here). */
  startWarnings(answers: WizardAnswers): Promise<string[]>;
  /** Whether a path exists on this machine (the TLS step's file fields). */
  pathExists(path: string): boolean;
  /** The state of a container of that name, when there is one. */
  containerState(name: string): Promise<string | undefined>;
  deploy(answers: WizardAnswers, options: DeployOptions): Promise<DeployResult>;
  saveProgress(answers: WizardAnswers, step: string): void;
  clearProgress(): void;
  audit(action: string, target: string, result: 'ok' | 'failed', detail?: string): Promise<void>;
  /** Every DNS rule for the planned domains, host name and addresses, asked of live DNS; problems first. */
  checkDns(answers: WizardAnswers): Promise<CheckResult[]>;
  /** After the deploy: every check of `mailwiz check` on the new server (DKIM, TLS on its ports); problems first. */
  checkServer(answers: WizardAnswers): Promise<CheckResult[]>;
}


export interface ServiceOverrides {
  deployLabels?: Record<string, string>;
  /** `IP[:PORT]` of the DNS resolver to ask instead of the system's. */
  dnsResolver?: string;
  /** How MTA-STS policies are fetched (HTTPS when absent). */
  fetchPolicy?: FetchPolicy;
}

export function realServices(overrides: ServiceOverrides = {}): WizardServices {
  return {
    preflight: async (options) => (await import('../src/services/preflight/preflight.js')).runPreflight(options),
    detectAddresses,
    testDirectory: async (settings, sample) => (await import('../src/services/ldap/directory-test.js')).testDirectory(settings, { sampleAddress: sample }),
    compareFiles: async (answers) => {
      const { compareFiles, planFiles } = await import('../src/services/deploy/plan-files.js');
      return compareFiles(planFiles(answers));
    },
    writeFiles: async (answers, files) => {
      const [{ writeFiles }, { dataDirs }] = await Promise.all([import('../src/services/deploy/write-files.js'), import('../src/services/deploy/plan-files.js')]);
      return writeFiles(answers.directory, files, new Date(), dataDirs(answers));
    },
    startWarnings: async (answers) => (await import('../src/services/deploy/tls-start-warnings.js')).tlsStartWarnings(answers),
    pathExists: existsSync,
    containerState: async (name) => {
      const [{ connectEngine }, { existingContainer }] = await Promise.all([import('../src/target/index.js'), import('../src/services/deploy/engine-objects.js')]);
      return (await existingContainer(await connectEngine(), name))?.State.Status;
    },
    deploy: async (answers, options) => {
      const run = answers.system === 'kopano' ? (await import('../src/services/deploy/deploy-kopano.js')).deployKopano : (await import('../src/services/deploy/deploy.js')).deploy;
      return run(answers, { ...options, labels: { ...overrides.deployLabels, ...options.labels } });
    },
    saveProgress,
    clearProgress,
    audit: async (action, target, result, detail) => (await import('../src/services/audit-log.js')).appendAudit({ action, target, result, detail }),
    checkDns: async (answers) => {
      const [{ runChecks }, { createNodeResolver }] = await Promise.all([
        import('../src/services/dns/run-checks.js'),
        import('../src/services/dns/resolver.js'),
      ]);
      const target = { domains: answers.domains, fqdn: answers.hostname, ipv4: answers.ipv4, ipv6: answers.ipv6 };
      const resolver = createNodeResolver({ server: overrides.dnsResolver });
      const report = await runChecks(target, { resolver, dnsbls: [], ...(overrides.fetchPolicy ? { fetchPolicy: overrides.fetchPolicy } : {}) });
      return [...report.host, ...report.domains.flatMap((d) => d.results)].sort(problemsFirst);
    },
    checkServer: async (answers) => {
      const [{ gatherServerFacts }, { runFullCheck }, { createNodeResolver }, { connectEngine, DockerTarget }] = await Promise.all([
        import('../src/services/check/server-facts.js'),
        import('../src/services/check/run-all.js'),
        import('../src/services/dns/resolver.js'),
        import('../src/target/index.js'),
      ]);
      const { deployedContainer } = await import('../src/services/deploy/container-spec.js');
      const target = new DockerTarget(await connectEngine(), deployedContainer(answers));
      const facts = await gatherServerFacts(target, { domains: answers.domains });
      const report = await runFullCheck(facts, {
        resolver: createNodeResolver({ server: overrides.dnsResolver }),
        ips: [answers.ipv4, answers.ipv6].filter((ip): ip is string => Boolean(ip)),
        ...(overrides.fetchPolicy ? { fetchPolicy: overrides.fetchPolicy } : {}),
      });
      // Each line names what it is about, once: TLS summaries often begin with their port already.
      const about = (title: string, summary: string): string => (summary.startsWith(title.replace(/^TLS /, '')) ? `TLS ${summary}` : `${title}: ${summary}`);
      return report.groups.flatMap((group) => group.results.map((r) => ({ ...r, summary: about(group.title, r.summary) }))).sort(problemsFirst);
    },
  };
}
