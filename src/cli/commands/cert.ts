import { parseArgs } from 'node:util';
import { visibleText } from '../../dms/terminal-text.js';
import { certbotComposeSnippet, renewalExplanation } from '../../dms/certbot-compose.js';
import { normalName } from '../../dms/dns-name.js';
import { ServiceError } from '../../services/errors.js';
import { LETS_ENCRYPT_STAGING_DIRECTORY } from '../../services/tls/acme.js';
import { ensureCertificate, type EnsuredCertificate } from '../../services/tls/ensure-certificate.js';
import { daysLeft, readLiveCertificate, renewalDate } from '../../services/tls/live-certificate.js';
import { loadRenewalConfigs, renewalConfigProblem, type RenewalConfig } from '../../services/tls/renewal-config.js';
import { currentProgram, installRenewalCron, programIsTemporary, renewalCronLine } from '../../services/tls/renewal-cron.js';
import { isTargetError, type Target, type TargetInfo } from '../../target/index.js';
import { connectTarget } from '../connect.js';
import { UsageError } from '../global-options.js';
import { CERT_USAGE } from './cert-usage.js';

/**
 * `mailwiz cert obtain|renew|status|cron`: Let's Encrypt certificates for SSL_TYPE=letsencrypt, obtained over ACME
 * (http-01: mailwiz answers on port 80 itself) into the folder DMS mounts at /etc/letsencrypt.
 */

const OPTIONS = {
  name: { type: 'string', multiple: true },
  dir: { type: 'string' },
  email: { type: 'string' },
  staging: { type: 'boolean' },
  'acme-directory': { type: 'string' },
  'acme-ca': { type: 'string' },
  'http-port': { type: 'string' },
  'key-type': { type: 'string' },
  days: { type: 'string' },
  force: { type: 'boolean' },
  install: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export async function certCommand(args: string[], options: { container?: string; json: boolean }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`cert: ${(error as Error).message}\n${CERT_USAGE}`);
  }
  const [command, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`cert: unexpected '${extra.join(' ')}'\n${CERT_USAGE}`);
  const values = parsed.values;
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isInteger(days) && days >= 0 && days <= 365))
    throw new UsageError(`cert: --days '${values.days}' is not a number of days (0–365)`);
  const server = serverLookup(options.container);
  try {
    switch (command) {
      case 'obtain':
        return await obtain(values, server, days);
      case 'renew':
        return await renew(await letsencryptDir(values, server), values.force === true, days);
      case 'status':
        return await status(await letsencryptDir(values, server), options.json || values.json === true);
      case 'help':
        process.stdout.write(CERT_USAGE);
        return 0;
      case 'certbot':
        return await certbot(values, server);
      case 'cron':
        return await cron(await letsencryptDir(values, server), values.install === true);
      default:
        throw new UsageError(`cert: ${command === undefined ? 'which command?' : `unknown command '${command}'`}\n${CERT_USAGE}`);
    }
  } catch (error) {
    if (!(error instanceof ServiceError) && !isTargetError(error)) throw error;
    process.stderr.write(`mailwiz cert: ${visibleText(error.message)}\n`);
    return 1;
  }
}

async function obtain(values: Values, server: ServerLookup, days: number | undefined): Promise<number> {
  const config = renewalConfig(values, values.name?.length ? values.name : [await serverName(server)]);
  const dir = await letsencryptDir(values, server);
  const result = await ensureCertificate(config, { letsencryptDir: dir, force: values.force === true, renewDays: days, log: say });
  report(result);
  if (result.outcome !== 'kept') say(`DMS (SSL_TYPE=letsencrypt) picks the new files up by itself; renew with: mailwiz cert cron --install`);
  return 0;
}

async function renew(dir: string, force: boolean, days: number | undefined): Promise<number> {
  const saved = await loadRenewalConfigs(dir);
  if (saved.length === 0) {
    say(`no certificate obtained by mailwiz in ${dir} (mailwiz cert obtain makes one)`);
    return 0;
  }
  let failed = 0;
  for (const { file, config, error } of saved) {
    if (!config) {
      process.stderr.write(`mailwiz cert: ${file}: ${error ?? 'unreadable'}\n`);
      failed++;
      continue;
    }
    try {
      report(await ensureCertificate(config, { letsencryptDir: dir, force, renewDays: days, log: say }));
    } catch (problem) {
      if (!(problem instanceof ServiceError)) throw problem;
      process.stderr.write(`mailwiz cert: renewing ${config.names[0] ?? file} failed: ${problem.message}\n`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

async function status(dir: string, json: boolean): Promise<number> {
  const saved = await loadRenewalConfigs(dir);
  const now = new Date();
  const rows = await Promise.all(
    saved.map(async ({ file, config, error }) => {
      const name = config?.names[0];
      const cert = name ? await readLiveCertificate(dir, name).catch((e: Error) => e) : undefined;
      return { file, config, error: error ?? (cert instanceof Error ? cert.message : undefined), cert: cert instanceof Error ? undefined : cert };
    }),
  );
  if (json) {
    const out = rows.map(({ file, config, error, cert }) => ({
      config: file,
      names: config?.names ?? [],
      ...(cert ? { notAfter: cert.notAfter.toISOString(), daysLeft: daysLeft(cert, now), renewOn: renewalDate(cert).toISOString(), issuer: cert.issuer } : {}),
      ...(error ? { error } : {}),
    }));
    process.stdout.write(`${JSON.stringify({ dir, certificates: out }, null, 2)}\n`);
  } else if (rows.length === 0) {
    say(`no certificate obtained by mailwiz in ${dir}`);
  } else {
    for (const { file, config, error, cert } of rows) {
      if (!cert) say(`${config?.names.join(', ') ?? file}: ${error ?? 'no certificate in live/ yet'}`);
      else {
        const renewOn = renewalDate(cert).toISOString().slice(0, 10);
        say(`${cert.names.join(', ')}: expires ${cert.notAfter.toISOString().slice(0, 10)} (${daysLeft(cert, now)} days), renewal due ${renewOn}; ${cert.issuer}`);
      }
    }
  }
  return rows.some((r) => !r.cert) ? 1 : 0;
}

async function cron(dir: string, install: boolean): Promise<number> {
  const program = currentProgram();
  const line = renewalCronLine(program, dir);
  if (programIsTemporary(program)) {
    process.stderr.write(`mailwiz cert: this mailwiz runs from npx's cache, which npm may clear: install it for cron with "npm install -g mailwiz"\n`);
  }
  if (!install) {
    say(line);
    return 0;
  }
  say(`wrote ${await installRenewalCron(line, process.env.MAILWIZ_CRON_DIR)}`);
  return 0;
}

async function certbot(values: Values, server: ServerLookup): Promise<number> {
  const [fqdn = await serverName(server)] = values.name ?? [];
  const input = { fqdn: normalName(fqdn), ...(values.email ? { email: values.email } : {}), ...(values.dir ? { certsDir: values.dir } : {}), staging: values.staging === true };
  try {
    process.stdout.write(`${certbotComposeSnippet(input)}\n${renewalExplanation(input)}\n`);
  } catch (error) {
    throw new UsageError(`cert: ${(error as Error).message}`);
  }
  return 0;
}

function renewalConfig(values: Values, names: string[]): RenewalConfig {
  if (values.staging && values['acme-directory']) throw new UsageError('cert: --staging and --acme-directory exclude each other');
  const keyType = values['key-type'];
  if (keyType !== undefined && keyType !== 'ecdsa' && keyType !== 'rsa') throw new UsageError(`cert: --key-type '${keyType}' is not ecdsa or rsa`);
  const directoryUrl = values.staging ? LETS_ENCRYPT_STAGING_DIRECTORY : values['acme-directory'];
  const config: RenewalConfig = {
    names: [...new Set(names.map(normalName))],
    ...(values.email ? { email: values.email } : {}),
    ...(directoryUrl ? { directoryUrl } : {}),
    ...(values['acme-ca'] ? { caFile: values['acme-ca'] } : {}),
    ...(values['http-port'] ? { httpPort: Number(values['http-port']) } : {}),
    ...(keyType ? { keyType } : {}),
  };
  const problem = values['http-port'] !== undefined && !/^\d+$/.test(values['http-port']) ? `'${values['http-port']}' is not a port number` : renewalConfigProblem(config);
  if (problem) throw new UsageError(`cert: ${problem}`);
  return config;
}

/** The mail server, found once and only when a default needs it (its FQDN, its Let's Encrypt folder). */
type ServerLookup = () => Promise<{ target: Target; info: TargetInfo } | Error>;

function serverLookup(container: string | undefined): ServerLookup {
  let found: ReturnType<ServerLookup> | undefined;
  return () =>
    (found ??= connectTarget({ container }).then(
      async (target) => ({ target, info: await target.info() }),
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    ));
}

/** The host folder the mail server mounts at /etc/letsencrypt, when one is found; /etc/letsencrypt otherwise. */
async function letsencryptDir(values: Values, server: ServerLookup): Promise<string> {
  if (values.dir) return values.dir;
  const found = await server();
  const mount = found instanceof Error || found.target.kind !== 'docker' ? undefined : found.info.mounts.find((m) => m.destination.replace(/\/$/, '') === '/etc/letsencrypt');
  return mount?.source ?? '/etc/letsencrypt';
}

async function serverName(server: ServerLookup): Promise<string> {
  const found = await server();
  if (found instanceof Error) throw new UsageError(`cert: give the certificate's name with --name (no mail server found to take it from: ${found.message})`);
  const { hostname } = found.info;
  if (!hostname.includes('.')) throw new UsageError(`cert: the mail server's host name '${hostname}' is not fully qualified: give --name`);
  return hostname;
}

function report({ outcome, certificate }: EnsuredCertificate): void {
  const verb = { obtained: 'obtained', renewed: 'renewed', kept: 'not due yet, kept' }[outcome];
  const until = certificate.notAfter.toISOString().slice(0, 10);
  say(`${certificate.names.join(', ')}: ${verb} (valid until ${until}, renewal due ${renewalDate(certificate).toISOString().slice(0, 10)}) in ${certificate.file}`);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
