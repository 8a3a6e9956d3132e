import { CONFIG_DIR, type ConfigFile } from '../dms/config-files.js';
import type { Target } from '../target/index.js';
import { COMPARE_AND_SWAP_SCRIPT, READ_FILES_SCRIPT } from './config-store-scripts.js';
import { ServiceError } from './errors.js';

export interface Versioned {
  text: string;
  /** sha256 of the content, or '-' when the file does not exist. */
  version: string;
}

const MAX_ATTEMPTS = 30;
/** After a lost race, wait a little (growing, randomised) so that many writers at once take turns. */
const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * Math.min(attempt + 1, 8)));
const CHANGED_MEANWHILE = 3;

/** Files that hold password hashes or relay credentials are created 0600. */
const SECRET_FILES: ReadonlySet<string> = new Set(['postfix-accounts.cf', 'dovecot-masters.cf', 'postfix-sasl-password.cf']);

/**
 * DMS's config volume, read and edited through a target. Every edit is a compare-and-swap: concurrent edits (other
 * mailwiz runs, DMS's scripts) are never lost, and a reader never sees a half-written file.
 */
export class ConfigStore {
  constructor(
    readonly target: Target,
    readonly dir: string = CONFIG_DIR,
  ) {}

  path(file: string): string {
    return `${this.dir}/${file}`;
  }

  /** Reads several files in one round trip. */
  async readMany<const F extends readonly ConfigFile[]>(files: F): Promise<{ [K in keyof F]: Versioned }> {
    const result = await this.target.exec(['sh', '-c', READ_FILES_SCRIPT, 'mailwiz-read', ...files.map((f) => this.path(f))]);
    if (result.exitCode !== 0) throw new ServiceError(`Cannot read the config files: ${result.stderr.trim()}`);
    const bytes = Buffer.from(result.stdout, 'utf8');
    const out: Versioned[] = [];
    let offset = 0;
    for (let i = 0; i < files.length; i++) {
      const end = bytes.indexOf(0x0a, offset);
      const [version = '-', size = '0'] = bytes.subarray(offset, end).toString('utf8').split(' ');
      const start = end + 1;
      out.push({ version, text: bytes.subarray(start, start + Number(size)).toString('utf8') });
      offset = start + Number(size);
    }
    return out as { [K in keyof F]: Versioned };
  }

  async read(file: ConfigFile): Promise<Versioned> {
    const [one] = await this.readMany([file] as const);
    return one;
  }

  /**
   * Applies `change` to the file's current text and writes the result, retrying from a fresh read when the file
   * changed in between. `change` returns undefined to leave the file alone; it may throw a ServiceError to refuse.
   * Resolves to whether the file was written.
   */
  async update(
    file: ConfigFile,
    change: (text: string, context: string[]) => string | undefined,
    /** Files read in the same round trip and handed to `change` (e.g. aliases, to refuse an account that is one). */
    context: readonly ConfigFile[] = [],
  ): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [current, ...others] = await this.readMany([file, ...context]);
      if (!current) throw new ServiceError(`Cannot read ${this.path(file)}`);
      const next = change(current.text, others.map((o) => o.text));
      if (next === undefined || next === current.text) return false;
      const mode = SECRET_FILES.has(file) ? '600' : '644';
      const result = await this.target.exec(
        ['sh', '-c', COMPARE_AND_SWAP_SCRIPT, 'mailwiz-cas', this.path(file), current.version, mode],
        { stdin: next, timeoutMs: 120_000 },
      );
      if (result.exitCode === 0) return true;
      if (result.exitCode !== CHANGED_MEANWHILE) {
        throw new ServiceError(`Cannot write ${this.path(file)}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
      }
      await backoff(attempt);
    }
    throw new ServiceError(`${this.path(file)} kept changing while mailwiz tried to edit it; nothing was changed. Try again.`);
  }
}
