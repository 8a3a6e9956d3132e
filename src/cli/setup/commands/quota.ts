import { deleteQuota, importQuotas, listQuotas, setQuota } from '../../../services/quotas.js';
import { ServiceError } from '../../../services/errors.js';
import { FROM_FILE, readImportFile } from '../import-file.js';
import { asScript, printJson, usageGate, usagePage } from '../setup-context.js';

const SET_USAGE = usagePage(
  'setquota',
  './setup.sh quota set <MAIL ACCOUNT> [<QUOTA>]\n    ./setup.sh quota set --from-file <FILE|->',
  'Set the mailbox size limit of an account: a number with B, k, M, G or T, or 0 for no limit.\n' +
    'With --from-file (a mailwiz extension), set every "ADDRESS QUOTA" line of FILE (- reads standard input);\n' +
    '# starts a comment. One problem changes none.',
  [
    ['./setup.sh quota set test@example.com 512M', 'Limit the mailbox of test@example.com to 512 MiB.'],
    ['./setup.sh quota set --from-file quotas.txt', 'Set all quotas listed in quotas.txt in one write.'],
  ],
);
const DEL_USAGE = usagePage('delquota', './setup.sh quota del <MAIL ACCOUNT>', 'Remove the quota of an account (the default applies again).', [
  ['./setup.sh quota del test@example.com', 'Remove the quota of test@example.com.'],
]);

export const quotaSet = asScript('setquota', async (ctx) => {
  const gate = usageGate(ctx, SET_USAGE, 1);
  if (gate !== undefined) return gate;
  const [address = ''] = ctx.args;
  if (address === FROM_FILE) {
    const count = await importQuotas(await ctx.server(), readImportFile(ctx.args[1]));
    ctx.io.out(`Set ${count} quota${count === 1 ? '' : 's'}.\n`);
    return 0;
  }
  if (address === '') throw new ServiceError('No account specified');
  let quota = ctx.args.slice(1).join(' ');
  if (quota === '') quota = (await ctx.io.ask('Enter quota (e.g. 10M): ')).trim();
  await setQuota(await ctx.server(), address, quota);
  return 0;
});

export const quotaDel = asScript('delquota', async (ctx) => {
  const gate = usageGate(ctx, DEL_USAGE, 1);
  if (gate !== undefined) return gate;
  const [address = ''] = ctx.args;
  if (address === '') throw new ServiceError('No account specified');
  await deleteQuota(await ctx.server(), address);
  return 0;
});

/** Not in DMS: the quotas set with `quota set`, one `address limit` per line, or JSON. */
export const quotaList = asScript('listquota', async (ctx) => {
  const quotas = await listQuotas(await ctx.server());
  if (ctx.json) printJson(ctx, quotas);
  else ctx.io.out(quotas.map((q) => `* ${q.address} ${q.limit}\n`).join(''));
  return 0;
});
