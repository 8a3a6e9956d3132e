import { deleteQuota, listQuotas, setQuota } from '../../../services/quotas.js';
import { ServiceError } from '../../../services/errors.js';
import { asScript, printJson, usageGate, usagePage } from '../setup-context.js';

const SET_USAGE = usagePage('setquota', './setup.sh quota set <MAIL ACCOUNT> [<QUOTA>]', 'Set the mailbox size limit of an account: a number with B, k, M, G or T, or 0 for no limit.', [
  ['./setup.sh quota set test@example.com 512M', 'Limit the mailbox of test@example.com to 512 MiB.'],
]);
const DEL_USAGE = usagePage('delquota', './setup.sh quota del <MAIL ACCOUNT>', 'Remove the quota of an account (the default applies again).', [
  ['./setup.sh quota del test@example.com', 'Remove the quota of test@example.com.'],
]);

export const quotaSet = asScript('setquota', async (ctx) => {
  const gate = usageGate(ctx, SET_USAGE, 1);
  if (gate !== undefined) return gate;
  const [address = ''] = ctx.args;
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
