import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPOSE_FILE } from '../../dms/compose-file.js';
import { defaultKopano } from '../../dms/wizard-answers-kopano.js';
import type { WizardAnswers } from '../../dms/wizard-answers.js';
import { kopanoComposeFile, type KopanoServiceName } from '../../formats/kopano/compose.js';
import { parseSecretEnv, renderSecretEnv, secretFileOf } from '../../formats/kopano/secret-env.js';
import { kopanoSecretVars, secretsFromFiles, type KopanoSecrets } from '../../formats/kopano/secrets.js';
import type { PlannedFile } from './planned-file.js';

/**
 * The files of the Kopano stack: compose.yaml and one 0600 secret file per service that needs a password. The
 * passwords mailwiz makes (MySQL's, the bundled directory's) are made once: a later run reads them back from the
 * secret files, since the database and the directory keep the first ones.
 */

const SERVICES: KopanoServiceName[] = ['db', 'auth', 'app', 'mta'];

/** A random password of base64url characters (nothing an env file or a shell would read specially). */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function existingSecrets(directory: string): Partial<KopanoSecrets> {
  const files: Partial<Record<KopanoServiceName, Record<string, string>>> = {};
  for (const service of SERVICES) {
    try {
      files[service] = parseSecretEnv(readFileSync(join(directory, secretFileOf(service)), 'utf8'));
    } catch {
      // not written yet
    }
  }
  return secretsFromFiles(files);
}

export function planKopanoFiles(answers: WizardAnswers, secrets: Partial<KopanoSecrets> = existingSecrets(answers.directory)): PlannedFile[] {
  const kopano = answers.kopano ?? defaultKopano(answers.domains[0]);
  const all: KopanoSecrets = {
    mysqlPassword: secrets.mysqlPassword ?? newSecret(),
    mysqlRootPassword: secrets.mysqlRootPassword ?? newSecret(),
    directoryPassword: secrets.directoryPassword ?? newSecret(),
  };
  const files: PlannedFile[] = [{ path: join(answers.directory, COMPOSE_FILE), content: kopanoComposeFile(answers, kopano), mode: 0o644, secret: false }];
  for (const [service, vars] of Object.entries(kopanoSecretVars(kopano, all))) {
    files.push({ path: join(answers.directory, secretFileOf(service)), content: renderSecretEnv(service, vars), mode: 0o600, secret: true });
  }
  return files;
}
