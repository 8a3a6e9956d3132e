import { CONFIG_FILES } from '../../../dms/config-files.js';
import { addMaster, deleteMasters, listMasters, masterNameProblem, updateMaster } from '../../../services/dovecot-masters.js';
import { ServiceError } from '../../../services/errors.js';
import { asScript, noteLowercasing, passwordFrom, printJson, usageGate, usagePage, type SetupContext, type SetupHandler } from '../setup-context.js';

const ADD_USAGE = usagePage(
  'adddovecotmasteruser',
  './setup.sh dovecot-master add <MASTER ACCOUNT> [<PASSWORD>]',
  'Add a Dovecot master user. It can log in to any mailbox as <mailbox>*<master>\nwith its own password. Without a password, you are asked for it twice.',
  [['./setup.sh dovecot-master add admin', 'Add the master user admin; log in as user@example.com*admin.']],
);
const UPDATE_USAGE = usagePage(
  'updatedovecotmasteruser',
  './setup.sh dovecot-master update <MASTER ACCOUNT> [<PASSWORD>]',
  'Change the password of a Dovecot master user.',
  [['./setup.sh dovecot-master update admin', 'Ask for a new password for the master user admin.']],
);
const DEL_USAGE = usagePage(
  'deldovecotmasteruser',
  './setup.sh dovecot-master del <MASTER ACCOUNT> [<EXTRA MASTER ACCOUNTS> ... ]',
  'Delete Dovecot master users. Names that do not exist are skipped.',
  [['./setup.sh dovecot-master del admin', 'Delete the master user admin.']],
);

/** The name as DMS stores it: lowercased, with DMS's warning when that changes it. */
function storedName(ctx: SetupContext, script: string, name: string): string {
  const problem = masterNameProblem(name);
  if (problem) throw new ServiceError(problem);
  return noteLowercasing(ctx, script, name, name.toLowerCase());
}

/** add and update: one name, then the password argument or the prompts. */
function withPassword(
  script: string,
  usage: string,
  change: (ctx: SetupContext, name: string, password: string) => Promise<void>,
): SetupHandler {
  return asScript(script, async (ctx) => {
    const gate = usageGate(ctx, usage, 1);
    if (gate !== undefined) return gate;
    const [given = '', password] = ctx.args;
    const name = storedName(ctx, script, given);
    await change(ctx, name, await passwordFrom(ctx, password));
    return 0;
  });
}

export const masterAdd = withPassword('adddovecotmasteruser', ADD_USAGE, async (ctx, name, password) =>
  addMaster(await ctx.server(), name, password),
);

export const masterUpdate = withPassword('updatedovecotmasteruser', UPDATE_USAGE, async (ctx, name, password) =>
  updateMaster(await ctx.server(), name, password),
);

export const masterDel = asScript('deldovecotmasteruser', async (ctx) => {
  const gate = usageGate(ctx, DEL_USAGE, 1);
  if (gate !== undefined) return gate;
  const names = ctx.args.map((name) => storedName(ctx, 'deldovecotmasteruser', name));
  await deleteMasters(await ctx.server(), names);
  return 0;
});

export const masterList = asScript('listdovecotmasteruser', async (ctx) => {
  const server = await ctx.server();
  if (ctx.json) {
    printJson(ctx, await listMasters(server));
    return 0;
  }
  const file = await server.config.read(CONFIG_FILES.masters);
  const path = server.config.path(CONFIG_FILES.masters);
  if (file.version === '-') throw new ServiceError(`'${path}' does not exist`);
  if (file.text === '') throw new ServiceError(`'${path}' is empty, nothing to list`);
  ctx.io.out((await listMasters(server)).map((m) => `* ${m.username}\n\n`).join(''));
  return 0;
});
