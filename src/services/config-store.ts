import { createHash } from 'node:crypto';
import { decodeBytes, encodeText } from '../dms/byte-text.js';
import { CONFIG_DIR, type ConfigFile } from '../dms/config-files.js';
import type { Target } from '../target/index.js';
import { CHANGED_MEANWHILE, LOCKED_EDIT_SCRIPT, READ_FILES_SCRIPT } from '../target/store-scripts.js';
import { ServiceError } from './errors.js';

export interface Versioned {
  /**
   * The content as text, byte for byte: bytes that are not UTF-8 are carried as escapes (dms/byte-text.ts) and written
   * back unchanged, so a Latin-1 comment or a damaged line survives every edit of the other lines.
   */
  text: string;
  /** sha256 of the content, or '-' when the file does not exist. */
  version: string;
}

const MAX_ATTEMPTS = 30;
/** After another program changed a file mid-edit, wait a little (growing, randomised) before the next try. */
const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * Math.min(attempt + 1, 8)));

/** Files that hold password hashes or relay credentials: created 0600. */
const SECRET_FILES: ReadonlySet<string> = new Set(['postfix-accounts.cf', 'dovecot-masters.cf', 'postfix-sasl-password.cf']);
/**
 * Files that hold passwords in clear: also tightened to 0600 when others can read them. (DMS itself leaves the hash
 * files 0644, and they are only hashes: those keep their mode.)
 */
/** Files DMS runs: created executable. */
const SCRIPT_FILES: ReadonlySet<string> = new Set(['user-patches.sh']);
const CLEARTEXT_SECRET_FILES: ReadonlySet<string> = new Set(['postfix-sasl-password.cf']);

export interface ConfigStoreOptions {
  /** Told once per file when its mode was tightened (a file with passwords in clear that others could read). */
  notify?: (message: string) => void;
}

/**
 * DMS's config volume, read and edited through a target. Every edit is one exec that holds mailwiz's lock from read
 * to write (target/store-scripts.ts): concurrent mailwiz edits queue, an edit by another program (DMS's scripts) in
 * between makes the edit start again, a reader never sees a half-written file, and a client killed while sending never
 * commits what it sent (see target/write-script.ts).
 */
export class ConfigStore {
  private readonly tightened = new Set<string>();

  constructor(
    readonly target: Target,
    readonly dir: string = CONFIG_DIR,
    private readonly options: ConfigStoreOptions = {},
  ) {}

  path(file: string): string {
    return `${this.dir}/${file}`;
  }

  /** Reads several files in one round trip. */
  async readMany<const F extends readonly ConfigFile[]>(files: F): Promise<{ [K in keyof F]: Versioned }> {
    const result = await this.target.exec(['sh', '-c', READ_FILES_SCRIPT, 'mailwiz-read', ...files.map((f) => this.path(f))]);
    if (result.exitCode !== 0) throw new ServiceError(`Cannot read the config files: ${result.stderr.trim()}`);
    const out = this.parseFiles(result.stdoutBytes, files);
    if (!out) throw new ServiceError(`Cannot read ${this.path(files[0] ?? '')}: the server's answer was cut short.`);
    return out as { [K in keyof F]: Versioned };
  }

  /** The files as the store programs print them (`<sha256 or -> <byte count>` line, then the bytes), or undefined while incomplete. */
  private parseFiles(bytes: Buffer, files: readonly ConfigFile[]): Versioned[] | undefined {
    const out: Versioned[] = [];
    let offset = 0;
    for (const file of files) {
      const end = bytes.indexOf(0x0a, offset);
      if (end < 0) return undefined;
      const [version = '', size = ''] = bytes.subarray(offset, end).toString('latin1').split(' ');
      if (!/^(-|[0-9a-f]{64})$/.test(version) || !/^\d+$/.test(size)) {
        throw new ServiceError(`Cannot read ${this.path(file)}: the server's answer is not in the expected form.`);
      }
      const start = end + 1;
      const length = Number(size);
      if (start + length > bytes.length) return undefined;
      out.push({ version, text: decodeBytes(bytes.subarray(start, start + length)) });
      offset = start + length;
    }
    return out;
  }

  async read(file: ConfigFile): Promise<Versioned> {
    const [one] = await this.readMany([file] as const);
    return one;
  }

  /**
   * Applies `change` to the file's current text and writes the result, retrying from a fresh read when the file, or
   * one of the `context` files, changed in between. `change` returns undefined to leave the file alone; it may throw
   * a ServiceError to refuse. Resolves to whether the file was written.
   */
  async update(
    file: ConfigFile,
    change: (text: string, context: string[]) => string | undefined,
    /**
     * Files read in the same round trip and handed to `change` (e.g. aliases, to refuse an account that is one). The
     * write happens only if they too are still as read, so a check against them holds under concurrency.
     */
    context: readonly ConfigFile[] = [],
  ): Promise<boolean> {
    const files = [file, ...context];
    const secret = SECRET_FILES.has(file);
    const argv = [
      'sh',
      '-c',
      LOCKED_EDIT_SCRIPT,
      'mailwiz-edit',
      this.path(file),
      secret ? '600' : SCRIPT_FILES.has(file) ? '755' : '644',
      CLEARTEXT_SECRET_FILES.has(file) ? '1' : '0',
      ...context.map((c) => this.path(c)),
    ];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let output = Buffer.alloc(0);
      let decided: 'unchanged' | 'written' | undefined;
      const reply = (chunk: Buffer): Buffer | undefined => {
        output = Buffer.concat([output, chunk]);
        const read = this.parseFiles(output, files);
        if (!read) return undefined;
        const [current, ...others] = read as [Versioned, ...Versioned[]];
        const next = change(current.text, others.map((o) => o.text));
        if (next === undefined || next === current.text) {
          decided = 'unchanged';
          return Buffer.from('-\n');
        }
        decided = 'written';
        const content = encodeText(next);
        return Buffer.concat([Buffer.from(`${content.length} ${createHash('sha256').update(content).digest('hex')}\n`), content]);
      };
      const result = await this.target.exec(argv, { reply, timeoutMs: 120_000 });
      if (result.exitCode === 0 && decided !== undefined) {
        if (decided === 'written') this.noteTightened(file, result.stdout);
        return decided === 'written';
      }
      if (result.exitCode !== CHANGED_MEANWHILE) {
        const reason = result.stderr.trim() || (result.exitCode === 0 ? "the server's answer was cut short" : `exit ${result.exitCode}`);
        throw new ServiceError(`Cannot write ${this.path(file)}: ${reason}`);
      }
      await backoff(attempt);
    }
    throw new ServiceError(`${this.path(file)} kept changing while mailwiz tried to edit it; nothing was changed. Try again.`);
  }

  private noteTightened(file: string, output: string): void {
    const old = /^mode (\d+) 600$/m.exec(output)?.[1];
    if (old === undefined || this.tightened.has(file)) return;
    this.tightened.add(file);
    this.options.notify?.(`${this.path(file)} holds passwords but others could read it (mode ${old}); it is now 0600.`);
  }
}
