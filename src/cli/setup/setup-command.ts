import { printable } from '../../dms/validate.js';
import { logLine } from './dms-log.js';
import { requireRunningServer, type MailServer } from '../../services/mail-server.js';
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
const HELP_FLAGS: ReadonlySet<string> = new Set(['-h', '--help']);

/** Where DMS's grammar puts a password: `email add <address> <password>` is word 3 (from 0). */
const PASSWORD_POSITIONS: Record<string, number> = {
  'email add': 3,
  'email update': 3,
  'dovecot-master add': 3,
  'dovecot-master update': 3,
  'relay add-auth': 4,
};

/**
 * Splits off mailwiz's own flags (`--json`, `--wait`): before the command or among the arguments, but never a word
 * that stands where DMS expects a password, which is always the password (a password `--wait` stays one).
 */
export function splitSetupFlags(argv: readonly string[]): { words: string[]; flags: Set<string>; flagLikePassword: boolean } {
  const words: string[] = [];
  const flags = new Set<string>();
  let flagLikePassword = false;
  for (const arg of argv) {
    const passwordAt = PASSWORD_POSITIONS[`${words[0]} ${words[1]}`];
    if (!MAILWIZ_FLAGS.has(arg)) words.push(arg);
    else if (words.length !== passwordAt) flags.add(arg);
    else {
      words.push(arg);
      flagLikePassword = true;
    }
  }
  return { words, flags, flagLikePassword };
}

/** The command line as DMS echoes it for an invalid command, with whatever could be a password masked. */
function echoed(words: readonly string[]): string {
  const firstSecret = words[0] === 'relay' ? 4 : 3;
  return words.map((w, i) => (i >= firstSecret ? '***' : printable(w))).join(' ');
}

/** Runs DMS's `setup` command line; resolves to its exit status (0 ok, 1 failure, 2 invalid command). */
export async function runSetup(argv: readonly string[], io: SetupIo, connect: () => Promise<MailServer>): Promise<number> {
  const { words: args, flags, flagLikePassword } = splitSetupFlags(argv);
  const [command, subcommand] = args;
  if (flagLikePassword) {
    io.err(
      logLine(
        'WARN ',
        'setup',
        "the word where DMS expects the password is spelled like one of mailwiz's flags; it is the password, as DMS's setup would take it. mailwiz's flags go before the command (setup --wait email add …)",
      ),
    );
  }
  if (command === undefined || command === 'help' || HELP_FLAGS.has(command)) {
    io.out(SETUP_HELP);
    return 0;
  }
  // `-h`/`--help` where DMS expects a subcommand, or a subcommand's first argument (a name or an address, never a
  // password): that command's lines of the overview, and nothing runs.
  const helpAt = HELP_FLAGS.has(subcommand ?? '') ? 1 : HELP_FLAGS.has(args[2] ?? '') && !own(WHOLE_COMMANDS, command) ? 2 : undefined;
  if (helpAt !== undefined || (own(WHOLE_COMMANDS, command) && HELP_FLAGS.has(subcommand ?? ''))) {
    const prefix = `setup ${args.slice(0, helpAt ?? 1).join(' ')}`;
    const lines = SETUP_HELP.split('\n').filter((l) => l.trim() === prefix || l.trim().startsWith(`${prefix} `));
    if (lines.length === 0) {
      io.err(`The command '${echoed(args)}' is invalid.\nUse \`setup help\` to get an overview of all commands.\n`);
      return 2;
    }
    io.out(`${lines.map((l) => l.trim()).join('\n')}\n(more: ${prefix} help, or setup help)\n`);
    return 0;
  }
  let server: Promise<MailServer> | undefined;
  const context = (rest: string[]) => ({
    args: rest,
    io,
    json: flags.has('--json'),
    wait: flags.has('--wait'),
    server: () => (server ??= connect()),
    runningServer: async () => requireRunningServer(await (server ??= connect())),
  });
  const whole = own(WHOLE_COMMANDS, command);
  if (whole) return whole(context(args.slice(1)));
  const table = own(COMMANDS, command);
  const handler = table && subcommand !== undefined ? own(table, subcommand) : undefined;
  if (!handler) {
    io.err(`The command '${echoed(args)}' is invalid.\nUse \`setup help\` to get an overview of all commands.\n`);
    return 2;
  }
  return handler(context(args.slice(2)));
}

/** A table entry by a word the user typed, never an inherited property such as `constructor`. */
function own<T>(table: Record<string, T>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}
