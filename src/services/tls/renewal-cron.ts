import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceError } from '../errors.js';
import { atomicWrite } from './letsencrypt-files.js';

/**
 * The cron job that renews what mailwiz obtained: `mailwiz cert renew` twice a day (it does nothing until a
 * certificate is due), at a minute of its own so that not every server asks the CA at once.
 */

export const CRON_FILE_NAME = 'mailwiz-cert-renew';
export const RENEW_LOG = '/var/log/mailwiz-cert-renew.log';

/** For a shell: one word whatever it holds. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The program that runs mailwiz now: node and the bundle, by their real paths. */
export function currentProgram(): string[] {
  const script = process.argv[1];
  if (!script) throw new ServiceError('cannot tell where the mailwiz program is');
  return [process.execPath, realpathSync(script)];
}

/** Installed through npx, the program lives in npm's cache, which npm may clear. */
export function programIsTemporary(program: readonly string[]): boolean {
  return program.some((part) => part.includes('/_npx/'));
}

/** An /etc/cron.d line (with the user field). */
export function renewalCronLine(program: readonly string[], letsencryptDir: string): string {
  const words = [...program, 'cert', 'renew', '--dir', letsencryptDir];
  // cron turns an unescaped % into a newline; a newline would end the entry.
  if (words.some((word) => /[%\n\r]/.test(word))) throw new ServiceError('a path with % or a line break cannot go into a cron entry');
  const minute = createHash('sha256').update(letsencryptDir).digest()[0]! % 60;
  return `${minute} 3,15 * * * root ${words.map(shellWord).join(' ')} >>${RENEW_LOG} 2>&1`;
}

/** Writes `<cron dir>/mailwiz-cert-renew` (0644, as cron requires); replaces an earlier one. */
export async function installRenewalCron(line: string, cronDir = '/etc/cron.d'): Promise<string> {
  const file = join(cronDir, CRON_FILE_NAME);
  const text = `# Renews the certificates mailwiz obtained (mailwiz cert status lists them).\nSHELL=/bin/sh\n${line}\n`;
  try {
    await atomicWrite(file, text, 0o644);
  } catch (error) {
    throw new ServiceError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return file;
}
