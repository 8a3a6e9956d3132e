import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { appendAudit } from '../audit-log.js';
import { DATA_DIRS, type ComparedFile } from './plan-files.js';

/**
 * Writes the planned files all-or-nothing: every file goes to a temporary file beside it first; only when all are
 * written are they renamed into place, one after the other with signals held back, so Ctrl-C never leaves half a
 * setup. A changed file is copied to `<name>.bak-<timestamp>` first.
 */

export interface WriteResult {
  written: string[];
  backups: string[];
  unchanged: string[];
}

export function backupName(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${path}.bak-${stamp}`;
}

async function writeTemporary(file: ComparedFile): Promise<string> {
  const temporary = join(dirname(file.path), `.${basename(file.path)}.mailwiz-${randomBytes(4).toString('hex')}`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(file.content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  chmodSync(temporary, file.mode);
  return temporary;
}

/** Runs `commit` with SIGINT/SIGTERM held back; a signal that came meanwhile is delivered afterwards. */
function withSignalsHeld(commit: () => void): void {
  const received: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals): void => void received.push(signal);
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    commit();
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
    if (received[0]) process.kill(process.pid, received[0]);
  }
}

export async function writeFiles(directory: string, files: readonly ComparedFile[], now = new Date(), dirs: readonly string[] = DATA_DIRS): Promise<WriteResult> {
  for (const dir of dirs) await mkdir(join(directory, dir), { recursive: true });
  const pending = files.filter((f) => f.status === 'new' || f.status === 'changed');
  const temporaries: string[] = [];
  try {
    for (const file of pending) {
      await mkdir(dirname(file.path), { recursive: true });
      temporaries.push(await writeTemporary(file));
    }
  } catch (error) {
    for (const temporary of temporaries) {
      try {
        unlinkSync(temporary);
      } catch {
        // already gone
      }
    }
    await appendAudit({ action: 'wizard.write-files', target: directory, result: 'failed', detail: (error as Error).message });
    throw error;
  }
  const result: WriteResult = { written: [], backups: [], unchanged: files.filter((f) => !pending.includes(f)).map((f) => f.path) };
  withSignalsHeld(() => {
    pending.forEach((file, index) => {
      if (file.status === 'changed') {
        const backup = backupName(file.path, now);
        copyFileSync(file.path, backup);
        chmodSync(backup, statSync(file.path).mode & 0o777);
        result.backups.push(backup);
      }
      renameSync(temporaries[index]!, file.path);
      result.written.push(file.path);
    });
  });
  await appendAudit({ action: 'wizard.write-files', target: directory, result: 'ok', detail: JSON.stringify({ written: result.written, backups: result.backups }) });
  return result;
}
