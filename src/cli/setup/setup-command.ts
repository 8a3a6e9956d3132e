import type { MailServer } from '../../services/mail-server.js';
import { aliasAdd, aliasDel, aliasList } from './commands/alias.js';
import { debug } from './commands/debug.js';
import { configDkim } from './commands/dkim.js';
import { masterAdd, masterDel, masterList, masterUpdate } from './commands/dovecot-master.js';
import { emailAdd, emailDel, emailList, emailUpdate } from './commands/email.js';
import { fail2ban } from './commands/fail2ban.js';
import { quotaDel, quotaList, quotaSet } from './commands/quota.js';
import { relayAddAuth, relayAddDomain, relayExcludeDomain } from './commands/relay.js';
import { emailRestrict } from './commands/restrict.js';
import type { SetupHandler } from './setup-context.js';
import { SETUP_HELP } from './setup-help.js';
import type { SetupIo } from './setup-io.js';

/** `setup COMMAND SUBCOMMAND …` → handler; DMS's command words exactly. */
const COMMANDS: Record<string, Record<string, SetupHandler>> = {
  email: { add: emailAdd, update: emailUpdate, del: emailDel, restrict: emailRestrict, list: emailList },
  alias: { add: aliasAdd, del: aliasDel, list: aliasList },
  quota: { set: quotaSet, del: quotaDel, list: quotaList },
  'dovecot-master': { add: masterAdd, update: masterUpdate, del: masterDel, list: masterList },
  config: { dkim: configDkim },
  relay: { 'add-domain': relayAddDomain, 'add-auth': relayAddAuth, 'exclude-domain': relayExcludeDomain },
};

/** Commands that take everything after their first word themselves. */
const WHOLE_COMMANDS: Record<string, SetupHandler> = { fail2ban, debug };

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
  const whole = own(WHOLE_COMMANDS, command);
  if (whole) return whole(context(args.slice(1)));
  const table = own(COMMANDS, command);
  const handler = table && subcommand !== undefined ? own(table, subcommand) : undefined;
  if (!handler) {
    io.err(`The command '${args.join(' ')}' is invalid.\nUse \`setup help\` to get an overview of all commands.\n`);
    return 2;
  }
  return handler(context(args.slice(2)));
}

/** A table entry by a word the user typed, never an inherited property such as `constructor`. */
function own<T>(table: Record<string, T>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}
