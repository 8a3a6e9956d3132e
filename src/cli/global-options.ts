export interface GlobalOptions {
  container?: string;
  /** `--stack NAME`: the mail system (several containers, or one) to work with. */
  stack?: string;
  json: boolean;
  readOnly: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Takes mailwiz's own options off the front and anywhere before the command's arguments; the rest is the command
 * line of the chosen face, passed on untouched (so `setup` sees exactly what DMS's `setup` would).
 */
export function parseGlobalOptions(argv: readonly string[]): { options: GlobalOptions; rest: string[] } {
  const options: GlobalOptions = { json: false, readOnly: false, help: false, version: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (rest.length > 0) {
      rest.push(arg);
      continue;
    }
    if (arg === '-c' || arg === '--container') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a container name`);
      options.container = value;
    } else if (arg.startsWith('--container=')) {
      options.container = arg.slice('--container='.length);
    } else if (arg === '--stack') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a stack name`);
      options.stack = value;
    } else if (arg.startsWith('--stack=')) {
      options.stack = arg.slice('--stack='.length);
    } else if (arg === '--json') {
      options.json = true;
    } else if (arg === '--read-only') {
      options.readOnly = true;
    } else if (arg === '-h' || arg === '--help') {
      options.help = true;
    } else if (arg === '-V' || arg === '--version') {
      options.version = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      rest.push(arg);
    }
  }
  return { options, rest };
}
