import type { MailServer } from '../../services/mail-server.js';
import { aliasAdd, aliasDel, aliasList } from './commands/alias.js';
import { emailAdd, emailDel, emailList, emailUpdate } from './commands/email.js';
import { quotaDel, quotaList, quotaSet } from './commands/quota.js';
import type { SetupHandler } from './setup-context.js';
import { SETUP_HELP } from './setup-help.js';
import type { SetupIo } from './setup-io.js';

/** `setup COMMAND SUBCOMMAND …` → handler; DMS's command words exactly. */
const COMMANDS: Record<string, Record<string, SetupHandler>> = {
  email: { add: emailAdd, update: emailUpdate, del: emailDel, list: emailList },
  alias: { add: aliasAdd, del: aliasDel, list: aliasList },
  quota: { set: quotaSet, del: quotaDel, list: quotaList },
};

/** Commands that take everything after their first word themselves. */
const WHOLE_COMMANDS: Record<string, SetupHandler> = {};

const MAILWIZ_FLAGS = new Set(['--json', '--wait']);

/** Runs DMS's `setup` command line; resolves to its exit status (0 ok, 1 failure, 2 invalid command). */
export async function runSetup(argv: readonly string[], io: SetupIo, connect: () => Promise<MailServer>): Promise<number> {
  const args = argv.filter((a) => !MAILWIZ_FLAGS.has(a));
  const [command, subcommand] = args;
  if (command === undefined || command === 'help') {
    io.out(SETUP_HELP);
    return 0;
  }
  let server: Promise<MailServer> | undefined;
  const context = (rest: string[]) => ({
    args: rest,
    io,
    json: argv.includes('--json'),
    wait: argv.includes('--wait'),
    server: () => (server ??= connect()),
  });
  const whole = WHOLE_COMMANDS[command];
  if (whole) return whole(context(args.slice(1)));
  const handler = subcommand === undefined ? undefined : COMMANDS[command]?.[subcommand];
  if (!handler) {
    io.err(`The command '${args.join(' ')}' is invalid.\nUse \`setup help\` to get an overview of all commands.\n`);
    return 2;
  }
  return handler(context(args.slice(2)));
}
