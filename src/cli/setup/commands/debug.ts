import { ServiceError } from '../../../services/errors.js';
import type { MailServer } from '../../../services/mail-server.js';
import { asScript, type SetupContext, type SetupHandler } from '../setup-context.js';
import { passThrough } from './server-output.js';

const MAIL_LOG = '/var/log/mail/mail.log';
/** Commands a person runs to look around may take a while (a long `find`, a `doveadm` over every mailbox). */
const DEBUG_TIMEOUT_MS = 15 * 60_000;

/** DMS's own helpers for `debug fetchmail` / `debug getmail`, present in DMS images. */
const HELPERS: Record<'fetchmail' | 'getmail', string> = {
  fetchmail: '/usr/local/bin/debug-fetchmail',
  getmail: '/usr/local/bin/debug-getmail',
};

async function run(ctx: SetupContext, server: MailServer, argv: string[]): Promise<number> {
  return passThrough(ctx, await server.target.exec(argv, { timeoutMs: DEBUG_TIMEOUT_MS }));
}

function helper(name: keyof typeof HELPERS): SetupHandler {
  return asScript(`debug-${name}`, async (ctx) => {
    const server = await ctx.runningServer();
    if (!(await server.target.exists(HELPERS[name]))) throw new ServiceError(`${name} is not enabled in this container`);
    return run(ctx, server, [HELPERS[name]]);
  });
}

/** As DMS: the first word is the shell's command string, the others become its $0, $1 … */
const login = asScript('debug-login', async (ctx) => {
  const [command, ...rest] = ctx.args.slice(1);
  const server = await ctx.runningServer();
  if (command === undefined) {
    const { kind, name } = server.target;
    throw new ServiceError(`mailwiz runs commands, not an interactive shell: open one with  ${kind === 'docker' ? `docker exec -it ${name} bash` : 'bash'}`);
  }
  return run(ctx, server, ['bash', '-c', command, ...rest]);
});

const showMailLogs = asScript('debug', async (ctx) => run(ctx, await ctx.runningServer(), ['cat', '--', MAIL_LOG]));

const DEBUG: Record<string, SetupHandler> = {
  fetchmail: helper('fetchmail'),
  getmail: helper('getmail'),
  login,
  'show-mail-logs': showMailLogs,
};

/** `setup debug fetchmail | getmail | login <command…> | show-mail-logs`. */
export const debug: SetupHandler = async (ctx) => {
  const word = ctx.args[0] ?? '';
  if (Object.hasOwn(DEBUG, word)) return DEBUG[word]!(ctx);
  ctx.io.err(`The command '${['debug', ...ctx.args].join(' ')}' is invalid.\nUse \`setup help\` to get an overview of all commands.\n`);
  return 2;
};
