import { CONFIG_FILES } from '../dms/config-files.js';
import { entryLines, terminated } from '../dms/config-lines.js';
import { dkimRecordName } from '../dms/dkim-key.js';
import { dmsDomainName } from '../dms/dns-name.js';
import { dkimValueFromPublicKey, dkimValueFromZoneSnippet } from '../dms/dkim-record.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { domainProblem, printable } from '../dms/validate.js';
import { VirtualFile } from '../dms/virtual-file.js';
import { ServiceError } from './errors.js';
import { serverSettings, type MailServer } from './mail-server.js';

/**
 * DKIM keys for OpenDKIM as DMS keeps them in the config volume: `opendkim/keys/<domain>/<selector>.private`
 * (made by `opendkim-genkey`), and the KeyTable / SigningTable / TrustedHosts files beside them. DMS copies the
 * folder to /etc/opendkim when the container starts, hence the /etc/opendkim paths in the KeyTable.
 */

export interface DkimOptions {
  keysize: number;
  selector: string;
  domains: string[];
}

export interface DkimKeyFile {
  domain: string;
  selector: string;
  /** The DNS name to publish the TXT record under. */
  name: string;
  /** The TXT record's value as one string. */
  value: string;
  /** The private key in the config volume. */
  keyFile: string;
  /** Whether this run made the key (false: it existed and was kept). */
  created: boolean;
}

export const DKIM_KEY_SIZES = [1024, 2048, 3072, 4096] as const;
const OPENDKIM_DIR = 'opendkim';
const INSTALLED_KEYS = '/etc/opendkim/keys';
const DEFAULT_TRUSTED_HOSTS = '127.0.0.1\nlocalhost\n';
const SELECTOR = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

const TABLES = {
  keys: CONFIG_FILES.dkimKeyTable,
  signing: CONFIG_FILES.dkimSigningTable,
  trusted: CONFIG_FILES.dkimTrustedHosts,
} as const;

export function keysizeProblem(keysize: string): string | undefined {
  return (DKIM_KEY_SIZES as readonly number[]).includes(Number(keysize)) && /^\d+$/.test(keysize)
    ? undefined
    : `'${printable(keysize)}' is not a key size: use ${DKIM_KEY_SIZES.join(', ')}`;
}

/** A selector is one DNS label; it also names the key file. */
export function selectorProblem(selector: string): string | undefined {
  return SELECTOR.test(selector) ? undefined : `'${printable(selector)}' is not a selector: one DNS label (letters, digits, '-')`;
}

export function dkimDomainProblem(domain: string): string | undefined {
  const problem = domainProblem(domain);
  return problem ? `'${printable(domain)}' cannot get a DKIM key: ${problem}` : undefined;
}

/** DMS's DOMAINNAME. */
async function serverDomain(server: MailServer, settings: Record<string, string>): Promise<string> {
  return dmsDomainName(settings.OVERRIDE_HOSTNAME || (await run(server, ['hostname', '-f'])).trim());
}

/**
 * The domains to make keys for when none are named: those of the accounts and of the aliases (catch-alls
 * included), and with LDAP accounts the server's own domain; sorted, each once, names that are no domain left out.
 */
export async function mailDomains(server: MailServer): Promise<string[]> {
  const [accounts, virtual] = await server.config.readMany([CONFIG_FILES.accounts, CONFIG_FILES.virtual] as const);
  const addresses = [
    ...KeyedFile.parse(accounts.text, '|')
      .entries()
      .map((e) => e.key),
    ...VirtualFile.parse(virtual.text)
      .entries()
      .map((e) => e.alias),
  ];
  const domains = addresses.filter((a) => a.includes('@')).map((a) => (a.split('@')[1] ?? '').toLowerCase());
  const settings = await serverSettings(server);
  if (settings.ACCOUNT_PROVISIONER === 'LDAP') domains.push(await serverDomain(server, settings));
  return [...new Set(domains.filter((d) => domainProblem(d) === undefined))].sort();
}

/** Appends a line unless the table has it already (white space compared loosely). */
function withLine(text: string, line: string): string {
  if (entryLines(text).some((l) => l.split(/\s+/).join(' ') === line)) return text;
  return `${terminated(text)}${line}\n`;
}

async function run(server: MailServer, argv: string[]): Promise<string> {
  const result = await server.target.exec(argv, { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new ServiceError(`${argv[0]} failed: ${printable((result.stderr || result.stdout).trim())}`);
  return result.stdout;
}

/** The record for a key: from `opendkim-genkey`'s snippet, or derived from the private key when there is none. */
async function recordValue(server: MailServer, keyFile: string, selector: string): Promise<string> {
  const snippet = keyFile.replace(/\.private$/, '.txt');
  if (await server.target.exists(snippet)) {
    const value = dkimValueFromZoneSnippet(await server.target.readFile(snippet));
    if (value.includes('p=')) return value;
  }
  return dkimValueFromPublicKey(selector, await run(server, ['openssl', 'rsa', '-in', keyFile, '-pubout']));
}

async function ensureKey(server: MailServer, options: DkimOptions, domain: string): Promise<DkimKeyFile> {
  const { selector } = options;
  const dir = server.config.path(`${OPENDKIM_DIR}/keys/${domain}`);
  const keyFile = `${dir}/${selector}.private`;
  const created = !(await server.target.exists(keyFile));
  if (created) {
    await run(server, ['mkdir', '-p', '--', dir]);
    await run(server, [
      'opendkim-genkey',
      `--bits=${options.keysize}`,
      '--subdomains',
      `--domain=${domain}`,
      `--selector=${selector}`,
      `--directory=${dir}`,
    ]);
  }
  const name = dkimRecordName(selector, domain);
  return { domain, selector, name, value: await recordValue(server, keyFile, selector), keyFile, created };
}

/** Tables as DMS writes them: KeyTable `<name> <domain>:<selector>:<installed key>`, SigningTable `*@<domain> <name>`. */
async function registerKey(server: MailServer, key: DkimKeyFile): Promise<void> {
  const installed = `${INSTALLED_KEYS}/${key.domain}/${key.selector}.private`;
  await server.config.update(TABLES.keys, (text) => withLine(text, `${key.name} ${key.domain}:${key.selector}:${installed}`));
  await server.config.update(TABLES.signing, (text) => withLine(text, `*@${key.domain} ${key.name}`));
}

/** Makes the keys that are missing (existing ones are kept), registers them, and returns every domain's record. */
export async function createDkimKeys(server: MailServer, options: DkimOptions): Promise<DkimKeyFile[]> {
  const problem = keysizeProblem(String(options.keysize)) ?? selectorProblem(options.selector);
  if (problem) throw new ServiceError(problem);
  options.domains.forEach((domain) => {
    const domainError = dkimDomainProblem(domain);
    if (domainError) throw new ServiceError(domainError);
  });
  await server.config.update(TABLES.trusted, (text) => (text.trim() === '' ? DEFAULT_TRUSTED_HOSTS : undefined));
  const keys: DkimKeyFile[] = [];
  for (const domain of options.domains) {
    const key = await ensureKey(server, options, domain);
    await registerKey(server, key);
    keys.push(key);
  }
  const dir = server.config.path(OPENDKIM_DIR);
  await run(server, ['chown', '-R', `--reference=${dir}`, '--', dir]);
  return keys;
}
