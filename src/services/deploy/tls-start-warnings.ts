import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dmsDomainName } from '../../dms/dns-name.js';
import { parseAcmeJson, pickAcmeCertificate } from '../../dms/traefik-acme.js';
import { certificateSource, letsencryptDir, type WizardAnswers } from '../../dms/wizard-answers.js';

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
export function tlsStartWarnings(answers: WizardAnswers): string[] {
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
