import { commandSpec, type CommandSpec } from './command-table.js';

export interface GlobalOptions {
  container?: string;
  /** `--stack NAME`: the mail system (several containers, or one) to work with. */
  stack?: string;
  /** `--context NAME`: the docker CLI context (engine) to talk to. */
  context?: string;
  json: boolean;
  readOnly: boolean;
  /** `--debug`: every engine request logged (src/target/engine-debug.ts). */
  debug: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
  /** The command whose usage goes with the message (the top-level usage when absent). */
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/**
 * Takes mailwiz's own options from anywhere in the command line: before the command, and after it among the
 * command's arguments (never a value of the command's own flags, nothing after `--`). A command whose grammar is
 * its own (`setup`: DMS's words, passwords that may look like flags) gets everything after its name untouched.
 * A flag that neither mailwiz nor a command that lists its flags knows is refused.
 */
export function parseGlobalOptions(argv: readonly string[]): { options: GlobalOptions; rest: string[] } {
  const options: GlobalOptions = { json: false, readOnly: false, debug: false, help: false, version: false };
  const rest: string[] = [];
  let spec: CommandSpec | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (spec?.passThrough || arg === '--') {
      rest.push(...argv.slice(arg === '--' && !spec?.passThrough ? i + 1 : i));
      break;
    }
    const [name = '', inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (spec && spec.valued.includes(name)) {
      rest.push(arg);
      if (inline === undefined && i + 1 < argv.length) rest.push(argv[++i] ?? '');
      continue;
    }
    const value = (what: string): string => {
      const given = inline ?? argv[++i];
      if (!given) throw new UsageError(`${name} needs ${what}`);
      return given;
    };
    if (name === '-c' || name === '--container') options.container = value('a container name');
    else if (name === '--stack') options.stack = value('a stack name');
    else if (name === '--context') options.context = value('a Docker context name');
    else if (arg === '--json') options.json = true;
    else if (arg === '--read-only') options.readOnly = true;
    else if (arg === '--debug') options.debug = true;
    else if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '-V' || arg === '--version') options.version = true;
    else if (arg.startsWith('-') && arg !== '-') {
      if (spec && spec.switches === undefined) rest.push(arg);
      else if (spec?.switches?.includes(arg)) rest.push(arg);
      else throw new UsageError(`unknown option ${arg}${spec ? ` for ${spec.name}` : ''}`, spec?.name);
    } else {
      if (rest.length === 0) spec = commandSpec(arg);
      rest.push(arg);
    }
  }
  return { options, rest };
}
