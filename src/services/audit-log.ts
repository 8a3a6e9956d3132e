import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

/** One change mailwiz made: who, when, what, and how it ended. */
export interface AuditEntry {
  time: string;
  user: string;
  action: string;
  target: string;
  result: 'ok' | 'failed';
  detail?: string;
}

/** Beside mailwiz's settings (conf's folder): ~/.config/mailwiz/audit.jsonl, or under MAILWIZ_CONFIG_DIR. */
export function auditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.MAILWIZ_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'mailwiz');
  return join(dir, 'audit.jsonl');
}

function who(): string {
  const ssh = process.env.SSH_CLIENT?.split(' ')[0];
  return `${userInfo().username}${ssh ? `@${ssh}` : ''}`;
}

/** Appends one JSON line; the file is private to the user (0600). Secrets never go in `detail`. */
export async function appendAudit(entry: Omit<AuditEntry, 'time' | 'user'>): Promise<void> {
  const path = auditLogPath();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const line: AuditEntry = { time: new Date().toISOString(), user: who(), ...entry };
  await appendFile(path, `${JSON.stringify(line)}\n`, { mode: 0o600 });
}

/** Every entry, oldest first; lines that are not ours are skipped. */
export async function readAudit(): Promise<AuditEntry[]> {
  const text = await readFile(auditLogPath(), 'utf8').catch(() => '');
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as AuditEntry;
      if (entry && typeof entry.action === 'string') entries.push(entry);
    } catch {
      // a partial last line or foreign text
    }
  }
  return entries;
}
