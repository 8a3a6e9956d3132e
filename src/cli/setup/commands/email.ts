import { CONFIG_FILES, MAIL_DIR } from '../../../dms/config-files.js';
import { iec } from '../../../dms/quota-report.js';
import {
  addAccount,
  importAccounts,
  deleteAccount,
  deleteMailboxData,
  listAccounts,
  mailboxPath,
  normaliseAddress,
  updatePassword,
  type Account,
} from '../../../services/accounts.js';
import { ServiceError } from '../../../services/errors.js';
import { waitForAccount, waitForPassword } from '../../../services/liveness.js';
import { serverSettings } from '../../../services/mail-server.js';
import { logLine } from '../dms-log.js';
import { FROM_FILE, readImportFile } from '../import-file.js';
import { asScript, noteLowercasing, passwordFrom, printJson, usageGate, usagePage, type SetupContext } from '../setup-context.js';

const ADD_USAGE = usagePage(
  'addmailuser',
  './setup.sh email add <MAIL ACCOUNT> [<PASSWORD>]\n    ./setup.sh email add --from-file <FILE|->',
  'Add a new mail account. Without a password, you are asked for it twice.\n' +
    'With --from-file (a mailwiz extension), add every account of FILE (- reads standard input): one per line,\n' +
    'the address, a space, then the password to the end of the line; # starts a comment. One problem adds none.',
  [
    ['./setup.sh email add test@example.com', 'Add the account test@example.com and ask for its password.'],
    ['./setup.sh email add --from-file new-users.txt', 'Add all accounts listed in new-users.txt in one write.'],
  ],
);
const UPDATE_USAGE = usagePage('updatemailuser', './setup.sh email update <MAIL ACCOUNT> [<PASSWORD>]', 'Change the password of a mail account.', [
  ['./setup.sh email update test@example.com', 'Ask for a new password for test@example.com.'],
]);
const DEL_USAGE = usagePage(
  'delmailuser',
  './setup.sh email del [ OPTIONS ] <MAIL ACCOUNT> [<EXTRA MAIL ACCOUNTS> ... ]',
  'Delete mail accounts with their aliases and quota. Options:\n    -y  also delete the mailbox data, without asking\n    -n  keep the mailbox data, without asking',
  [['./setup.sh email del -y test@example.com', 'Delete test@example.com and all its mail.']],
);

/** Warns like DMS when an address is lowercased. */
function lowercased(ctx: SetupContext, script: string, address: string): string {
  return noteLowercasing(ctx, script, address, normaliseAddress(address));
}

function noAccountGiven(address: string): void {
  if (address === '') throw new ServiceError('No account specified');
}

export const emailAdd = asScript('addmailuser', async (ctx) => {
  const gate = usageGate(ctx, ADD_USAGE, 1);
  if (gate !== undefined) return gate;
  const [address = '', given] = ctx.args;
  if (address === FROM_FILE) return addFromFile(ctx, given);
  noAccountGiven(address);
  const account = lowercased(ctx, 'addmailuser', address);
  const password = await passwordFrom(ctx, given);
  const server = await ctx.server();
  await addAccount(server, account, password);
  if (ctx.wait) await waitForPassword(server, account, password);
  return 0;
});

/** `email add --from-file FILE|-`: every account of the file in one write, one live check at the end with --wait. */
async function addFromFile(ctx: SetupContext, path: string | undefined): Promise<number> {
  const text = readImportFile(path);
  const server = await ctx.server();
  const added = await importAccounts(server, text);
  const last = added.at(-1);
  if (ctx.wait && last) await waitForPassword(server, last.address.toLowerCase(), last.password);
  ctx.io.out(`Added ${added.length} account${added.length === 1 ? '' : 's'}.\n`);
  return 0;
}

export const emailUpdate = asScript('updatemailuser', async (ctx) => {
  const gate = usageGate(ctx, UPDATE_USAGE, 1);
  if (gate !== undefined) return gate;
  const [address = '', given] = ctx.args;
  noAccountGiven(address);
  const account = lowercased(ctx, 'updatemailuser', address);
  const password = await passwordFrom(ctx, given);
  const server = await ctx.server();
  await updatePassword(server, account, password);
  if (ctx.wait) await waitForPassword(server, account, password);
  return 0;
});

export const emailDel = asScript('delmailuser', async (ctx) => {
  let deleteMailbox: boolean | undefined;
  let i = 0;
  for (; i < ctx.args.length; i++) {
    const arg = ctx.args[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') break;
    for (const letter of arg.slice(1)) {
      if (letter === 'y' || letter === 'Y') deleteMailbox = true;
      else if (letter === 'n' || letter === 'N') deleteMailbox = false;
      else {
        ctx.io.out(DEL_USAGE);
        throw new ServiceError(`The option '-${letter}' is unknown`);
      }
    }
  }
  const gate = usageGate({ ...ctx, args: ctx.args.slice(i) }, DEL_USAGE, 1);
  if (gate !== undefined) return gate;
  const addresses = ctx.args.slice(i);
  const server = await ctx.server();
  if ((await server.config.read(CONFIG_FILES.accounts)).text.trim() === '') return 0;
  if (deleteMailbox === undefined) {
    const answer = await ctx.io.ask('Do you want to delete the mailbox data as well (removing all mails)? [y/N] ');
    deleteMailbox = /^y$/i.test(answer.trim());
    if (!deleteMailbox) ctx.io.err(logLine('INFO ', 'delmailuser', 'The mailbox data will not be deleted.'));
  } else if (!deleteMailbox) {
    ctx.io.err(logLine('INFO ', 'delmailuser', 'Mailbox data explicitly kept (using -n).'));
  }
  if (deleteMailbox && !server.target.runsCommands) {
    ctx.io.err(logLine('INFO ', 'delmailuser', `Only the config folder changes with -p: mailbox data in ${MAIL_DIR} is not touched.`));
  }
  for (const address of addresses) {
    const account = normaliseAddress(address);
    // With --wait, the mail goes once the server no longer serves the account: nothing can deliver into it then.
    const { mailboxDeleted } = await deleteAccount(server, account, { deleteMailbox: deleteMailbox && !ctx.wait });
    if (ctx.wait) await waitForAccount(server, account, false);
    if (mailboxDeleted || (deleteMailbox && ctx.wait && (await deleteMailboxData(server, account)))) {
      ctx.io.err(logLine('INFO ', 'delmailuser', `Deleting mailbox data: '${mailboxPath(account)}'`));
    }
    ctx.io.err(logLine('INFO ', 'delmailuser', `'${account}' and associated data (aliases, quotas) deleted`));
  }
  return 0;
});

/** One entry of `email list --json`; `quota` is null when quotas are off, its numbers null when Dovecot did not say. */
export interface AccountJson {
  address: string;
  aliases: string[];
  quota: { limit: string | null; usedBytes: number | null; limitBytes: number | null; percent: number | null } | null;
}

function toJson(account: Account, quotasOn: boolean): AccountJson {
  const usage = account.usage;
  return {
    address: account.address,
    aliases: account.aliases,
    quota: quotasOn
      ? {
          limit: account.quotaLimit ?? null,
          usedBytes: usage ? usage.usedKiB * 1024 : null,
          limitBytes: usage?.limitKiB === undefined ? null : usage.limitKiB * 1024,
          percent: usage ? usage.percent : null,
        }
      : null,
  };
}

/** DMS's text: `* address ( used / limit ) [pct%]`, an aliases line when there are any, then an empty line. */
function toText(account: Account, quotasOn: boolean): string {
  let line = `* ${account.address}`;
  if (quotasOn) {
    const usage = account.usage;
    const used = usage ? iec(usage.usedKiB * 1024) : '';
    const limit = usage?.limitKiB === undefined ? '~' : iec(usage.limitKiB * 1024);
    line += ` ( ${used} / ${limit} ) [${usage?.percent ?? 0}%]`;
  }
  const aliases = account.aliases.length ? `    [ aliases -> ${account.aliases.join(', ')} ]\n` : '';
  return `${line}\n${aliases}\n`;
}

export const emailList = asScript('listmailuser', async (ctx) => {
  const server = await ctx.server();
  const settings = await serverSettings(server);
  if ((settings.ACCOUNT_PROVISIONER ?? 'FILE') !== 'FILE' && settings.ACCOUNT_PROVISIONER !== '') {
    throw new ServiceError("This command is only compatible with 'ACCOUNT_PROVISIONER=FILE'");
  }
  const file = await server.config.read(CONFIG_FILES.accounts);
  const path = server.config.path(CONFIG_FILES.accounts);
  if (file.version === '-') throw new ServiceError(`'${path}' does not exist`);
  if (file.text === '') throw new ServiceError(`'${path}' is empty, nothing to list`);
  const quotasOn = (settings.ENABLE_QUOTAS ?? '1') === '1';
  const accounts = await listAccounts(server, { usage: quotasOn });
  if (ctx.json) printJson(ctx, accounts.map((a) => toJson(a, quotasOn)));
  else ctx.io.out(accounts.map((a) => toText(a, quotasOn)).join(''));
  return 0;
});
