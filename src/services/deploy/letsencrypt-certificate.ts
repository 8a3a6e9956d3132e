import { letsencryptDir, type WizardAnswers } from '../../dms/wizard-answers.js';
import { ServiceError } from '../errors.js';
import { ensureCertificate } from '../tls/ensure-certificate.js';
import type { RenewalConfig } from '../tls/renewal-config.js';
import { currentProgram, installRenewalCron, programIsTemporary, renewalCronLine } from '../tls/renewal-cron.js';

/**
 * Before DMS's first start with SSL_TYPE=letsencrypt (it stops without a certificate): mailwiz obtains the
 * certificate of the host name over ACME, unless a valid one is there, and sets up the cron job that renews it.
 */

export interface DeployCertificate {
  message: string;
  notes: string[];
}

export function renewalConfigFor(answers: WizardAnswers): RenewalConfig {
  const { tls } = answers;
  return {
    names: [answers.hostname],
    ...(tls.email ? { email: tls.email } : {}),
    ...(tls.acmeDirectory ? { directoryUrl: tls.acmeDirectory } : {}),
    ...(tls.acmeCa ? { caFile: tls.acmeCa } : {}),
    ...(tls.httpPort ? { httpPort: tls.httpPort } : {}),
  };
}

export async function certificateForDeploy(answers: WizardAnswers, log: (line: string) => void): Promise<DeployCertificate> {
  const dir = letsencryptDir(answers.tls);
  const { outcome, certificate } = await ensureCertificate(renewalConfigFor(answers), { letsencryptDir: dir, log });
  const until = certificate.notAfter.toISOString().slice(0, 10);
  const message = `${outcome === 'kept' ? 'the certificate there is valid' : `${outcome} from ${new URL(answers.tls.acmeDirectory ?? 'https://letsencrypt.org').host}`} for ${answers.hostname}, until ${until}`;
  return { message, notes: await setUpRenewal(dir) };
}

async function setUpRenewal(dir: string): Promise<string[]> {
  const program = currentProgram();
  const notes: string[] = [];
  if (programIsTemporary(program)) {
    notes.push('Certificate renewal: this mailwiz runs from npx\'s cache, which npm may clear. Install it with "npm install -g mailwiz", then run "mailwiz cert cron --install".');
  }
  try {
    const file = await installRenewalCron(renewalCronLine(program, dir), process.env.MAILWIZ_CRON_DIR);
    notes.push(`Certificate renewal: ${file} runs "mailwiz cert renew" twice a day; "mailwiz cert status" shows when it is due.`);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    notes.push(`Certificate renewal is not set up (${error.message}): run "mailwiz cert cron --install" as root, or renew with "mailwiz cert renew".`);
  }
  return notes;
}
