import { resolve, sep } from 'node:path';
import { TargetError } from './errors.js';
import { LocalTarget } from './local-target.js';
import { storeProgramPaths } from './store-scripts.js';
import type { ExecOptions, ExecResult, LogEvent, Target, TargetInfo, WriteOptions } from './target.js';

/**
 * A config folder on this machine and nothing else (`setup -p DIR`): the config store's own read and
 * locked edit programs may run on files inside the folder; every other command, and every file outside it, is
 * refused with NEEDS_SERVER. So no `setup` command run with `-p` can touch the host: not its /var/mail, not its
 * Postfix, Dovecot or fail2ban.
 */
export class ConfigFolderTarget implements Target {
  readonly runsCommands = false;
  readonly kind = 'local';
  readonly name: string;
  private readonly local = new LocalTarget();
  private readonly root: string;

  constructor(folder: string) {
    this.root = resolve(folder);
    this.name = `the config folder ${this.root}`;
  }

  async exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    const paths = storeProgramPaths(argv);
    if (paths === undefined || !paths.every((p) => this.inside(p))) throw this.needsServer();
    return this.local.exec(argv, options);
  }

  async readFile(path: string): Promise<string> {
    if (!this.inside(path)) throw new TargetError('FILE_NOT_FOUND', `${path} is outside ${this.name}.`);
    return this.local.readFile(path);
  }

  async writeFile(path: string, content: string | Buffer, options?: WriteOptions): Promise<void> {
    if (!this.inside(path)) throw this.needsServer();
    return this.local.writeFile(path, content, options);
  }

  async exists(path: string): Promise<boolean> {
    return this.inside(path) && this.local.exists(path);
  }

  followLogs(): AsyncIterable<LogEvent> {
    throw this.needsServer();
  }

  async info(): Promise<TargetInfo> {
    return { name: this.name, id: '', image: '', state: 'folder', hostname: '', ports: [], env: {}, mounts: [], labels: {} };
  }

  private inside(path: string): boolean {
    const full = resolve(this.root, path);
    return full.startsWith(this.root + sep) && !full.includes(`${sep}..${sep}`);
  }

  private needsServer(): TargetError {
    return new TargetError(
      'NEEDS_SERVER',
      `this needs the running mail server; with -p, mailwiz changes only the files in ${this.root} (use -c CONTAINER)`,
    );
  }
}
