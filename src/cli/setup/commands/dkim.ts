import { createDkimKeys, DKIM_KEY_SIZES, keysizeProblem, mailDomains, type DkimKeyFile } from '../../../services/dkim.js';
import { ServiceError } from '../../../services/errors.js';
import { serverSettings, type MailServer } from '../../../services/mail-server.js';
import { logLine } from '../dms-log.js';
import { asScript, printJson, type SetupContext } from '../setup-context.js';
import { passThrough } from './server-output.js';

const SCRIPT = 'open-dkim';
const RSPAMD_DKIM = '/usr/local/bin/rspamd-dkim';

const USAGE = `OPEN-DKIM(8)

NAME
    open-dkim - Configure DKIM (DomainKeys Identified Mail)

SYNOPSIS
    setup config dkim [ OPTIONS... ]

DESCRIPTION
    Makes an OpenDKIM signing key for each mail domain that has none yet, registers it in
    KeyTable and SigningTable, and prints the DNS TXT record to publish for it. Existing keys
    are kept. OpenDKIM uses new keys once the mail server container restarts.

OPTIONS
    Generic Program Information
        help       Print the usage information.

    Configuration adjustments
        keysize    Size of new keys in bits: ${DKIM_KEY_SIZES.join(', ')} (default 2048).
        selector   The selector of the keys (default 'mail').
        domain     Comma-separated domains (default: those of the accounts and aliases).

EXAMPLES
    setup config dkim keysize 4096
        Make 4096-bit keys for every mail domain that has no key yet.

    setup config dkim selector 2026 domain 'example.com,example.org'
        Make keys with the selector '2026' for the two domains.

EXIT STATUS
    Exit status is 0 if command was successful. If wrong arguments are provided
    or arguments contain errors, the script will exit early with exit status 1.

`;

interface DkimArgs {
  keysize: string;
  selector: string;
  domains?: string[];
}

/** `<keyword> <value>` pairs in any order, the last one winning, as DMS reads them. */
function parseArgs(ctx: SetupContext): DkimArgs {
  const parsed: DkimArgs = { keysize: '2048', selector: 'mail' };
  const { args } = ctx;
  for (let i = 0; i < args.length; i += 2) {
    const keyword = args[i] ?? '';
    const value = args[i + 1] ?? '';
    if (keyword !== 'keysize' && keyword !== 'selector' && keyword !== 'domain') {
      ctx.io.out(USAGE);
      throw new ServiceError(`Unknown option(s) ${args.slice(i).join(' ')}`);
    }
    if (value === '') throw new ServiceError(`No ${keyword === 'domain' ? 'domain(s)' : keyword} provided after '${keyword}' argument`);
    if (keyword === 'domain') {
      parsed.domains = value
        .split(',')
        .map((d) => d.trim().toLowerCase())
        .filter((d) => d !== '');
    } else parsed[keyword] = value;
  }
  return parsed;
}

/** DMS hands DKIM to Rspamd when Rspamd is on and OpenDKIM is not; we run its script then, when it is there. */
async function rspamdManagesDkim(ctx: SetupContext, server: MailServer): Promise<boolean> {
  const settings = await serverSettings(server);
  if (settings.ENABLE_RSPAMD !== '1') return false;
  if (settings.ENABLE_OPENDKIM === '1') {
    const message = 'Conflicting DKIM support, both Rspamd and OpenDKIM enabled - OpenDKIM will manage DKIM keys';
    ctx.io.err(logLine('WARN ', SCRIPT, message));
    return false;
  }
  return true;
}

function recordText(key: DkimKeyFile): string {
  return `Name:  ${key.name}\nType:  TXT\nValue: ${key.value}\n\n`;
}

/** `setup config dkim [keysize N] [selector S] [domain 'a.com,b.com'] [help]`, OpenDKIM flavour. */
export const configDkim = asScript(SCRIPT, async (ctx) => {
  if (ctx.args.includes('help')) {
    ctx.io.out(USAGE);
    return 0;
  }
  const server = await ctx.runningServer();
  if (await rspamdManagesDkim(ctx, server)) {
    if (!(await server.target.exists(RSPAMD_DKIM))) throw new ServiceError('Rspamd manages DKIM here, and its rspamd-dkim is missing');
    return passThrough(ctx, await server.target.exec([RSPAMD_DKIM, ...ctx.args], { timeoutMs: 120_000 }));
  }
  const args = parseArgs(ctx);
  const problem = keysizeProblem(args.keysize);
  if (problem) throw new ServiceError(problem);
  const domains = args.domains ?? (await mailDomains(server));
  if (domains.length === 0) {
    ctx.io.err(logLine('WARN ', SCRIPT, 'No entries found, no keys to make'));
    if (ctx.json) printJson(ctx, []);
    return 0;
  }
  const keys = await createDkimKeys(server, { keysize: Number(args.keysize), selector: args.selector, domains });
  for (const key of keys.filter((k) => k.created)) {
    ctx.io.err(logLine('INFO ', SCRIPT, `Creating DKIM private key '${key.keyFile}'`));
  }
  if (keys.some((k) => k.created)) {
    ctx.io.err(logLine('INFO ', SCRIPT, 'OpenDKIM signs with new keys once the mail server container restarts'));
  }
  if (ctx.json) printJson(ctx, keys.map(({ domain, selector, name, value, keyFile }) => ({ domain, selector, name, value, keyFile })));
  else ctx.io.out(keys.map(recordText).join(''));
  return 0;
});
