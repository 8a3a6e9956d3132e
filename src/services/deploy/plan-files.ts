import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPOSE_FILE, composeFile, CONFIG_VOLUME, ENV_FILE } from '../../dms/compose-file.js';
import { hasSecrets, mailserverEnv, parseEnv, SECRET_VARS } from '../../dms/mailserver-env.js';
import { diffHunks, diffLines, maskSecrets } from '../../dms/text-diff.js';
import { mailSystem, type WizardAnswers } from '../../dms/wizard-answers.js';
import { KOPANO_SECRET_VARS } from '../../formats/kopano/secret-env.js';
import { planKopanoFiles } from './plan-kopano-files.js';
import { selfSignedFiles } from './self-signed-cert.js';
import type { PlannedFile } from './planned-file.js';

/** The files an install writes, compared with what is on disk: new, unchanged, or changed (with a diff). */

export type { PlannedFile } from './planned-file.js';

export type FileStatus = 'new' | 'same' | 'changed' | 'kept';

export interface ComparedFile extends PlannedFile {
  status: FileStatus;
  /** Changed lines with context, secrets masked. */
  diff: string[];
}

/** The folders of the volumes in compose.yaml, made before the container starts (else the engine makes them root's). */
export const DATA_DIRS = ['docker-data/dms/mail-data', 'docker-data/dms/mail-state', 'docker-data/dms/mail-logs', CONFIG_VOLUME];

/** The folders made beside the files: DMS's bind-mounted data; none for the Kopano stack (named volumes). */
export function dataDirs(answers: WizardAnswers): readonly string[] {
  return mailSystem(answers) === 'kopano' ? [] : DATA_DIRS;
}

/** Every variable whose value is masked when a planned file is shown. */
export const MASKED_VARS: ReadonlySet<string> = new Set([...SECRET_VARS, ...KOPANO_SECRET_VARS]);

export function planFiles(answers: WizardAnswers): PlannedFile[] {
  if (mailSystem(answers) === 'kopano') return planKopanoFiles(answers);
  const env = mailserverEnv(answers);
  const files: PlannedFile[] = [
    { path: join(answers.directory, COMPOSE_FILE), content: composeFile(answers), mode: 0o644, secret: false },
    { path: join(answers.directory, ENV_FILE), content: env, mode: hasSecrets(parseEnv(env)) ? 0o600 : 0o644, secret: hasSecrets(parseEnv(env)) },
  ];
  if (answers.tls.type === 'self-signed') {
    const config = join(answers.directory, CONFIG_VOLUME);
    const present = existsSync(join(config, `ssl/${answers.hostname}-cert.pem`)) && existsSync(join(config, 'ssl/demoCA/cacert.pem'));
    if (!present) {
      for (const file of selfSignedFiles(answers.hostname)) {
        files.push({ path: join(config, file.path), content: file.content, mode: file.mode, secret: file.mode === 0o600, keepExisting: true });
      }
    }
  }
  return files;
}

export async function compareFiles(files: readonly PlannedFile[]): Promise<ComparedFile[]> {
  return Promise.all(
    files.map(async (file): Promise<ComparedFile> => {
      const current = await readFile(file.path, 'utf8').catch(() => undefined);
      if (current === undefined) return { ...file, status: 'new', diff: [] };
      if (file.keepExisting) return { ...file, status: 'kept', diff: [] };
      if (current === file.content) return { ...file, status: 'same', diff: [] };
      const diff = diffHunks(diffLines(current, file.content)).map((line) => maskSecrets(line, MASKED_VARS));
      return { ...file, status: 'changed', diff: file.secret && file.path.endsWith('.pem') ? ['(key material changed)'] : diff };
    }),
  );
}
