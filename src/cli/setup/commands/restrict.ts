import { isDirection, listRestrictions, restrict, unrestrict, type Direction } from '../../../services/access-restrictions.js';
import { ServiceError } from '../../../services/errors.js';
import type { PostfixUpdate } from '../../../services/postfix-access-checks.js';
import { logLine } from '../dms-log.js';
import { asScript, printJson, type SetupContext } from '../setup-context.js';

const SCRIPT = 'restrict-access';
const USAGE = 'Usage: setup email restrict <add|del|list> <send|receive> [<email@domain.com>]';

function usageError(ctx: SetupContext, message: string): never {
  ctx.io.err(logLine('INFO ', SCRIPT, USAGE));
  throw new ServiceError(message);
}

/** The file was written either way; say so when Postfix could not be told. */
function reportPostfix(ctx: SetupContext, update: PostfixUpdate): void {
  if (update.problem) {
    ctx.io.err(logLine('WARN ', SCRIPT, `Postfix was not updated (${update.problem}); it applies once Postfix reloads or the mail server restarts`));
  }
}

async function list(ctx: SetupContext, direction: Direction): Promise<number> {
  const entries = (await listRestrictions(await ctx.server(), direction)) ?? [];
  if (ctx.json) printJson(ctx, entries);
  else if (entries.length === 0) ctx.io.err(logLine('INFO ', SCRIPT, `Everyone is allowed to ${direction} mails`));
  else ctx.io.out(entries.map((e) => `${e.address} \t\t ${e.action}\n`).join(''));
  return 0;
}

/** `setup email restrict <add|del|list> <send|receive> [<address>]`; the direction is checked first, as in DMS. */
export const emailRestrict = asScript(SCRIPT, async (ctx) => {
  const [command = '', directionWord = '', given] = ctx.args;
  const direction = directionWord.toLowerCase();
  if (!isDirection(direction)) {
    usageError(ctx, `Unknown or missing second parameter '${directionWord}' - specify 'send' or 'receive'`);
  }
  if (command === 'list') return list(ctx, direction);
  if (command !== 'add' && command !== 'del') {
    usageError(ctx, `Unknown or missing command '${command}' - specify 'add', 'del' or 'list'`);
  }
  const address = given ?? (await ctx.io.ask('Provide a username: ')).trim();
  if (address === '') throw new ServiceError('User must not be empty');
  const server = await ctx.server();
  reportPostfix(ctx, command === 'add' ? await restrict(server, direction, address) : await unrestrict(server, direction, address));
  return 0;
});
