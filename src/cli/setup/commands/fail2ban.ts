import { ServiceError } from '../../../services/errors.js';
import { ban, checkAddresses, FAIL2BAN_LOG, jailReports, listBans, MANUAL_JAIL, requireFail2ban, unban } from '../../../services/bans.js';
import { logLine } from '../dms-log.js';
import { asScript, printJson, type SetupContext } from '../setup-context.js';
import { outFromServer, passThrough } from './server-output.js';

const SCRIPT = 'fail2ban';
const USAGE = [
  'Usage: ./setup.sh fail2ban [<ban|unban> <IP>]',
  '       ./setup.sh fail2ban log',
  '       ./setup.sh fail2ban status',
  '',
].join('\n');

const NO_ADDRESS = {
  ban: "You need to specify an IP address: Run './setup.sh fail2ban ban <IP>'",
  unban: "You need to specify an IP address: Run './setup.sh fail2ban' to get a list of banned IP addresses",
};

async function showBans(ctx: SetupContext): Promise<number> {
  const bans = await listBans(await ctx.runningServer());
  if (ctx.json) {
    printJson(ctx, bans);
    return 0;
  }
  const banned = bans.filter((b) => b.banned.length > 0);
  if (banned.length === 0) ctx.io.err(logLine('INFO ', SCRIPT, 'No IPs have been banned'));
  outFromServer(ctx, banned.map((b) => `Banned in ${b.jail}: ${b.banned.join(' ')}\n`).join(''));
  return 0;
}

async function banAddresses(ctx: SetupContext, addresses: string[]): Promise<number> {
  const count = await ban(await ctx.runningServer(), addresses);
  // As DMS: a ban that changed nothing (already banned) is reported, but is not a failure.
  if (count > 0) ctx.io.out(`Banned ${MANUAL_JAIL} IP: ${count}\n`);
  else ctx.io.err(logLine('ERROR', SCRIPT, `Banning '${addresses.join(' ')}' failed. Already banned?`));
  return 0;
}

async function unbanAddresses(ctx: SetupContext, addresses: string[]): Promise<number> {
  const lifted = await unban(await ctx.runningServer(), addresses);
  outFromServer(ctx, lifted.map((u) => `Unbanned IP from ${u.jail}: ${u.count}\n`).join(''));
  return 0;
}

async function showStatus(ctx: SetupContext): Promise<number> {
  const reports = await jailReports(await ctx.runningServer());
  if (ctx.json) printJson(ctx, reports.map((r) => r.status));
  else outFromServer(ctx, reports.map((r) => `${r.text.replace(/\n?$/, '\n')}\n`).join(''));
  return 0;
}

/** `setup fail2ban [ban <IP>… | unban <IP>… | log | status | help]`. */
export const fail2ban = asScript(SCRIPT, async (ctx) => {
  const [command, ...addresses] = ctx.args;
  if (command === 'help') {
    ctx.io.out(USAGE);
    return 0;
  }
  if (command !== undefined && !['ban', 'unban', 'log', 'status'].includes(command)) {
    ctx.io.out(USAGE);
    throw new ServiceError(`Unknown command '${command}'`);
  }
  // Addresses are checked before anything runs: fail2ban itself would take a host name.
  if (command === 'ban' || command === 'unban') checkAddresses(addresses);
  const server = await ctx.runningServer();
  await requireFail2ban(server);
  if ((command === 'ban' || command === 'unban') && addresses.length === 0) {
    ctx.io.err(logLine('WARN ', SCRIPT, NO_ADDRESS[command]));
    return 0;
  }
  switch (command) {
    case 'ban':
      return banAddresses(ctx, addresses);
    case 'unban':
      return unbanAddresses(ctx, addresses);
    case 'log':
      return passThrough(ctx, await server.target.exec(['cat', '--', FAIL2BAN_LOG]));
    case 'status':
      return showStatus(ctx);
    default:
      return showBans(ctx);
  }
});
