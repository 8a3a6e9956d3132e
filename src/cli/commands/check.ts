import { readFile } from 'node:fs/promises';
import { visibleText } from '../../dms/terminal-text.js';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { domainProblem } from '../../dms/validate.js';
import { factsFromFlags, withGivenFacts, type GivenFacts } from '../../services/check/given-facts.js';
import { gatherServerFacts } from '../../services/check/server-facts.js';
import { formatReport, textStyle } from '../../services/check/report-text.js';
import { runFullCheck } from '../../services/check/run-all.js';
import { httpsPolicyFetcher } from '../../services/dns/policy-fetch.js';
import { createNodeResolver, parseResolverAddress } from '../../services/dns/resolver.js';
import { ServiceError } from '../../services/errors.js';
import { parseCertificates } from '../../services/tls/pem.js';
import { isTargetError } from '../../target/index.js';
import { connectTarget } from '../connect.js';
import { UsageError } from '../global-options.js';
import { CHECK_USAGE } from './check-usage.js';

/**
 * `mailwiz check [--json] [--resolver IP[:PORT]] [--domain D]… [--dnsbl ZONE|none]… [--strict] [--timeout S] [--ca FILE]…
 * [--ip ADDR]…`: every DNS and TLS check of the server; exit 0 no failure and no warning (advice allowed), 1 warnings
 * (or answers nobody could give; with --strict also advice), 2 failures or the check could not run. For cron and CI.
 */

export interface CheckArgs {
  json: boolean;
  resolver?: string;
  domains: string[];
  /** The block lists to ask; undefined: the built-in public ones. */
  dnsbls?: string[];
  strict: boolean;
  dnsOnly: boolean;
  /** Facts given instead of (or over) the container's. */
  given: GivenFacts;
  timeoutMs: number;
  caFiles: string[];
  ips: string[];
}

const DEFAULT_TIMEOUT_S = 5;

export function parseCheckArgs(args: string[], json = false): CheckArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'boolean' },
        resolver: { type: 'string' },
        domain: { type: 'string', multiple: true },
        'no-dnsbl': { type: 'boolean' },
        dnsbl: { type: 'string', multiple: true },
        strict: { type: 'boolean' },
        'dns-only': { type: 'boolean' },
        host: { type: 'string' },
        'dkim-selector': { type: 'string' },
        'dkim-key': { type: 'string' },
        'dkim-record': { type: 'string' },
        timeout: { type: 'string' },
        ca: { type: 'string', multiple: true },
        ip: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    throw new UsageError(`check: ${(error as Error).message}\n${CHECK_USAGE}`);
  }
  const domains = values.domain ?? [];
  const badDomain = domains.map((d) => domainProblem(d)).find(Boolean);
  if (badDomain) throw new UsageError(`check: --domain: ${badDomain}`);
  const badIp = (values.ip ?? []).find((ip) => isIP(ip) === 0);
  if (badIp !== undefined) throw new UsageError(`check: --ip '${badIp}' is not an IP address`);
  const seconds = Number(values.timeout ?? DEFAULT_TIMEOUT_S);
  if (!(seconds > 0 && seconds <= 300)) throw new UsageError(`check: --timeout '${values.timeout}' is not a number of seconds (up to 300)`);
  if (values.resolver !== undefined) {
    try {
      parseResolverAddress(values.resolver);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return {
    json: json || values.json === true,
    ...(values.resolver === undefined ? {} : { resolver: values.resolver }),
    domains,
    ...dnsblChoice(values.dnsbl, values['no-dnsbl'] === true),
    strict: values.strict === true,
    dnsOnly: values['dns-only'] === true,
    given: givenFacts(values, domains),
    timeoutMs: seconds * 1000,
    caFiles: values.ca ?? [],
    ips: values.ip ?? [],
  };
}

function givenFacts(values: { host?: string; 'dkim-selector'?: string; 'dkim-key'?: string; 'dkim-record'?: string }, domains: string[]): GivenFacts {
  const host = values.host;
  if (host !== undefined && domainProblem(host)) throw new UsageError(`check: --host: ${domainProblem(host)}`);
  const selector = values['dkim-selector'];
  if (selector !== undefined && !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(selector)) throw new UsageError(`check: --dkim-selector '${selector}' is not a selector`);
  if (values['dkim-key'] && values['dkim-record']) throw new UsageError('check: give --dkim-key or --dkim-record, not both');
  return {
    domains,
    ...(host ? { host } : {}),
    ...(selector ? { dkimSelector: selector } : {}),
    ...(values['dkim-key'] ? { dkimKeyFile: values['dkim-key'] } : {}),
    ...(values['dkim-record'] ? { dkimRecordFile: values['dkim-record'] } : {}),
  };
}

/** `--dnsbl ZONE`… (or `none`, or `--no-dnsbl`): the lists to ask; nothing given: the built-in ones. */
function dnsblChoice(zones: string[] | undefined, off: boolean): { dnsbls?: string[] } {
  if (off || zones?.includes('none')) {
    if (zones?.some((z) => z !== 'none')) throw new UsageError('check: --dnsbl none cannot go with other lists');
    return { dnsbls: [] };
  }
  if (!zones) return {};
  const bad = zones.map((z) => domainProblem(z)).find(Boolean);
  if (bad) throw new UsageError(`check: --dnsbl: ${bad}`);
  return { dnsbls: zones.map((z) => z.toLowerCase().replace(/\.$/, '')) };
}

export async function checkCommand(args: string[], options: { container?: string; json: boolean }): Promise<number> {
  const parsed = parseCheckArgs(args, options.json);
  try {
    const trustedCAs = await Promise.all(parsed.caFiles.map((file) => readCa(file)));
    // --host without -c: the domain as planned, no container asked; otherwise the container's facts, flags over them.
    const given = parsed.given;
    const facts =
      given.host && !options.container
        ? await factsFromFlags({ ...given, host: given.host })
        : await withGivenFacts(await gatherServerFacts(await connectTarget({ container: options.container }), { domains: parsed.domains }), given);
    const resolver = createNodeResolver({ timeoutMs: parsed.timeoutMs, tries: 2, ...(parsed.resolver ? { server: parsed.resolver } : {}) });
    const report = await runFullCheck(facts, {
      resolver,
      // With --resolver, the MTA-STS policy host is looked up there too, like every other name.
      fetchPolicy: httpsPolicyFetcher({ timeoutMs: parsed.timeoutMs, ...(parsed.resolver ? { resolver } : {}) }),
      ...(parsed.dnsbls ? { dnsbls: parsed.dnsbls.map((zone) => ({ zone, lists: 'ip' as const, ipv6: true })) } : {}),
      strict: parsed.strict,
      dnsOnly: parsed.dnsOnly,
      trustedCAs,
      ips: parsed.ips,
      timeoutMs: parsed.timeoutMs,
    });
    process.stdout.write(
      parsed.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, textStyle(process.env, Boolean(process.stdout.isTTY))),
    );
    return report.exitStatus;
  } catch (error) {
    // The check could not run: that is a failure for cron and CI, not a warning.
    if (!(error instanceof ServiceError) && !isTargetError(error)) throw error;
    process.stderr.write(`mailwiz check: ${visibleText(error.message)}\n`);
    return 2;
  }
}

async function readCa(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    parseCertificates(text);
    return text;
  } catch (error) {
    throw new ServiceError(`--ca ${file}: ${(error as Error).message}`);
  }
}
