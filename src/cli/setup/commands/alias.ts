import { CONFIG_FILES } from '../../../dms/config-files.js';
import { addAlias, importAliases, listAliases, removeAlias } from '../../../services/aliases.js';
import { ServiceError } from '../../../services/errors.js';
import { waitForAlias } from '../../../services/liveness.js';
import { FROM_FILE, readImportFile } from '../import-file.js';
import { asScript, printJson, usageGate, usagePage, type SetupContext } from '../setup-context.js';

const ADD_USAGE = usagePage(
  'addalias',
  './setup.sh alias add <MAIL ALIAS> <RECIPIENT>\n    ./setup.sh alias add --from-file <FILE|->',
  'Add a recipient to an alias (created if needed). A catch-all is written @example.com.\n' +
    'With --from-file (a mailwiz extension), add every "ALIAS RECIPIENT" line of FILE (- reads standard input);\n' +
    '# starts a comment. One problem adds none.',
  [
    ['./setup.sh alias add alias@example.com recipient@example.com', 'Mail to alias@example.com goes to recipient@example.com too.'],
    ['./setup.sh alias add --from-file aliases.txt', 'Add all aliases listed in aliases.txt in one write.'],
  ],
);
const DEL_USAGE = usagePage('delalias', './setup.sh alias del <MAIL ALIAS> <RECIPIENT>', 'Remove a recipient from an alias; the alias goes with its last recipient.', [
  ['./setup.sh alias del alias@example.com recipient@example.com', 'Stop forwarding alias@example.com to recipient@example.com.'],
]);

function aliasAndRecipient(ctx: SetupContext): [string, string] {
  const [alias = '', recipient = ''] = ctx.args;
  if (alias === '') throw new ServiceError('No alias specified');
  if (recipient === '') throw new ServiceError('No recipient specified');
  return [alias, recipient];
}

export const aliasAdd = asScript('addalias', async (ctx) => {
  const gate = usageGate(ctx, ADD_USAGE, 2);
  if (gate !== undefined) return gate;
  if (ctx.args[0] === FROM_FILE) return addFromFile(ctx, ctx.args[1]);
  const [alias, recipient] = aliasAndRecipient(ctx);
  const server = await ctx.server();
  const targets = await addAlias(server, alias, recipient);
  if (ctx.wait) await waitForAlias(server, alias, targets);
  return 0;
});

/** `alias add --from-file FILE|-`: every alias of the file in one write, one live check at the end with --wait. */
async function addFromFile(ctx: SetupContext, path: string | undefined): Promise<number> {
  const text = readImportFile(path);
  const server = await ctx.server();
  const { count, last } = await importAliases(server, text);
  if (ctx.wait && last) await waitForAlias(server, last.alias, last.targets);
  ctx.io.out(`Added ${count} alias${count === 1 ? '' : 'es'}.\n`);
  return 0;
}

export const aliasDel = asScript('delalias', async (ctx) => {
  const gate = usageGate(ctx, DEL_USAGE, 2);
  if (gate !== undefined) return gate;
  const [alias, recipient] = aliasAndRecipient(ctx);
  const server = await ctx.server();
  const targets = await removeAlias(server, alias, recipient);
  if (ctx.wait) await waitForAlias(server, alias, targets);
  return 0;
});

export const aliasList = asScript('listalias', async (ctx) => {
  const server = await ctx.server();
  const file = await server.config.read(CONFIG_FILES.virtual);
  const path = server.config.path(CONFIG_FILES.virtual);
  if (ctx.json) {
    printJson(ctx, await listAliases(server));
    return 0;
  }
  if (file.version === '-') throw new ServiceError(`'${path}' does not exist`);
  if (file.text === '') throw new ServiceError(`'${path}' is empty, nothing to list`);
  const entries = await listAliases(server);
  ctx.io.out(entries.map((e) => `* ${e.alias} ${e.targets.join(',')}\n\n`).join(''));
  return 0;
});
