import { ServiceError } from '../../../services/errors.js';
import { addRelayAuth, addRelayDomain, excludeRelayDomain, relayAccountProblem, relayDomainProblem } from '../../../services/relay.js';
import { asScript, passwordFrom, usageGate, usagePage, type SetupContext } from '../setup-context.js';

const ADD_DOMAIN_USAGE = usagePage(
  'addrelayhost',
  './setup.sh relay add-domain <SENDER DOMAIN> <RELAY HOST> [<RELAY PORT>]',
  'Send the mail of a sender domain through a relay host (port 25 unless given).',
  [['./setup.sh relay add-domain example.com smtp.relay.net 587', 'Mail from @example.com leaves through smtp.relay.net:587.']],
);
const ADD_AUTH_USAGE = usagePage(
  'addsaslpassword',
  './setup.sh relay add-auth <SENDER DOMAIN> <RELAY ACCOUNT> [<RELAY PASSWORD>]',
  'Set the account a sender domain logs in with at its relay host.\nWithout a password, you are asked for it twice.',
  [['./setup.sh relay add-auth example.com relay-user', 'Ask for the password relay-user uses for @example.com.']],
);
const EXCLUDE_USAGE = usagePage(
  'excluderelayhost',
  './setup.sh relay exclude-domain <SENDER DOMAIN>',
  'Send the mail of a sender domain directly, not through RELAY_HOST.',
  [['./setup.sh relay exclude-domain example.com', 'Mail from @example.com does not use RELAY_HOST.']],
);

/** Checks the domain before anything is asked or connected. */
function domainArg(ctx: SetupContext): string {
  const domain = ctx.args[0] ?? '';
  const problem = relayDomainProblem(domain);
  if (problem) throw new ServiceError(problem);
  return domain;
}

export const relayAddDomain = asScript('addrelayhost', async (ctx) => {
  const gate = usageGate(ctx, ADD_DOMAIN_USAGE, 2);
  if (gate !== undefined) return gate;
  const domain = domainArg(ctx);
  const [, host = '', port] = ctx.args;
  await addRelayDomain(await ctx.server(), domain, host, port || undefined);
  return 0;
});

export const relayAddAuth = asScript('addsaslpassword', async (ctx) => {
  const gate = usageGate(ctx, ADD_AUTH_USAGE, 2);
  if (gate !== undefined) return gate;
  const domain = domainArg(ctx);
  const [, user = '', given] = ctx.args;
  const problem = relayAccountProblem(user);
  if (problem) throw new ServiceError(problem);
  const password = await passwordFrom(ctx, given);
  await addRelayAuth(await ctx.server(), domain, user, password);
  return 0;
});

export const relayExcludeDomain = asScript('excluderelaydomain', async (ctx) => {
  const gate = usageGate(ctx, EXCLUDE_USAGE, 1);
  if (gate !== undefined) return gate;
  const domain = domainArg(ctx);
  await excludeRelayDomain(await ctx.server(), domain);
  return 0;
});
