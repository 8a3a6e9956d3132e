import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dkimKeyFromZoneText, type DkimKey } from '../../dms/dkim-key.js';
import { dmsDomainName, normalName } from '../../dms/dns-name.js';
import { domainProblem } from '../../dms/validate.js';
import { parseAmavisShowkeys } from '../../formats/amavis/showkeys.js';
import {
  ACME_JSON_KEYS_WITHHELD_PY,
  ACME_JSON_PATH,
  AcmeJsonError,
  LETSENCRYPT_LIVE_DIR,
  readAcmeStore,
  withoutWildcard,
} from '../../dms/traefik-acme.js';
import { connectEngine, engineIsLocal, type MountInfo, type PortBinding, type Target } from '../../target/index.js';
import { mailDomains } from '../dkim.js';
import { mailServer, serverSettings } from '../mail-server.js';
import type { AcmeJsonSource, CertificateFileSource, CertificateSource, HostCopy } from '../tls/proxy-certificate.js';
import { hostRenewalJobs, renewerContainers, type RenewalFacts } from '../tls/renewal.js';

/** What `mailwiz check` learns from the server before it checks anything: its name, domains, keys and ports. */

export interface ServerFacts {
  fqdn: string;
  domains: string[];
  /** DKIM public keys by domain: DMS's (opendkim/keys/<domain>/<selector>.txt), else Amavis's (`amavisd showkeys`). */
  dkim: Record<string, DkimKey>;
  sslType: string;
  /** The public half of the configured TLS key (derived inside the server: the private key never leaves it). */
  key?: { pem: string; file: string };
  ports: PortBinding[];
  /** For SSL_TYPE=letsencrypt (what renews it) and manual (only `source`). */
  renewal: Pick<RenewalFacts, 'renewers' | 'certbotConfig' | 'source'>;
}

const OPENDKIM_KEYS = '/tmp/docker-mailserver/opendkim/keys';
/**
 * In one round trip: on DMS, `opendkim\0` then `<file>\0<content>\0` for every selector snippet; on an MTA that signs
 * with Amavis and is not DMS (mlan/postfix-amavis), `amavis\0` then what `amavisd showkeys` prints.
 */
const READ_DKIM_KEYS = `if [ -d /tmp/docker-mailserver ]; then
  printf 'opendkim\\0'
  for f in "$1"/*/*.txt; do [ -f "$f" ] || continue; printf "%s\\0" "$f"; cat "$f"; printf "\\0"; done
elif command -v amavisd >/dev/null 2>&1; then
  printf 'amavis\\0'; amavisd showkeys 2>/dev/null
fi`;

export async function gatherServerFacts(target: Target, options: { domains?: string[] } = {}): Promise<ServerFacts> {
  const server = mailServer(target);
  const [info, effective] = await Promise.all([target.info(), serverSettings(server)]);
  // /etc/dms-settings may leave out variables DMS only reads (SSL_KEY_PATH): the container's environment fills in.
  const settings = { ...info.env, ...effective };
  const fqdn = normalName(
    settings.OVERRIDE_HOSTNAME || (info.hostname.includes('.') ? info.hostname : await longHostname(target, info.hostname)),
  );
  const named = options.domains?.map(normalName) ?? [];
  // mlan/postfix-amavis names its domain in MAIL_DOMAIN; DMS's domains come from its accounts and aliases.
  const ownDomains = (settings.MAIL_DOMAIN ?? '').split(/[\s,]+/).filter((d) => d && domainProblem(d) === undefined).map(normalName);
  const domains = named.length > 0 ? named : ownDomains.length > 0 ? ownDomains : await mailDomains(server);
  const sslType = settings.SSL_TYPE ?? '';
  const [dkim, key, renewal] = await Promise.all([
    dkimKeys(target),
    configuredKey(target, sslType, settings, fqdn),
    renewalFacts(target, sslType, settings, fqdn, info.mounts),
  ]);
  return {
    fqdn,
    domains: domains.length > 0 ? domains : [dmsDomainName(fqdn)],
    dkim,
    sslType,
    ...(key ? { key } : {}),
    ports: info.ports,
    renewal,
  };
}

async function longHostname(target: Target, fallback: string): Promise<string> {
  const result = await target.exec(['hostname', '-f']).catch(() => undefined);
  return result?.exitCode === 0 && result.stdout.trim() ? result.stdout.trim() : fallback;
}

/** The DKIM public keys the server signs with, by domain: OpenDKIM's on DMS, Amavis's elsewhere. */
export async function dkimKeys(target: Target): Promise<Record<string, DkimKey>> {
  const result = await target.exec(['sh', '-c', READ_DKIM_KEYS, 'mailwiz-dkim', OPENDKIM_KEYS], { timeoutMs: 60_000 });
  const [source, ...parts] = result.stdout.split('\0');
  if (source === 'amavis') return parseAmavisShowkeys(parts.join('\0'));
  const keys: Record<string, DkimKey> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const domain = (parts[i] ?? '').split('/').at(-2);
    const key = dkimKeyFromZoneText(parts[i + 1] ?? '');
    if (domain && key) keys[normalName(domain)] = key;
  }
  return keys;
}

/** DMS's names for SSL_TYPE=letsencrypt, in its order: SSL_DOMAIN, HOSTNAME, DOMAINNAME. */
function letsencryptNames(settings: Record<string, string>, fqdn: string): string[] {
  return [...new Set([settings.SSL_DOMAIN, fqdn, dmsDomainName(fqdn)].filter((name): name is string => Boolean(name)))];
}

/** DMS's live/<name>/ folders, in the order it looks for fullchain.pem (SSL_DOMAIN without its wildcard prefix). */
function liveFolders(settings: Record<string, string>, fqdn: string): string[] {
  return [...new Set(letsencryptNames(settings, fqdn).map((name) => `${LETSENCRYPT_LIVE_DIR}/${withoutWildcard(name)}`))];
}

/** Where DMS takes the key from, by SSL_TYPE (letsencrypt: certbot's privkey.pem, else key.pem from Traefik's acme.json). */
function keyFiles(sslType: string, settings: Record<string, string>, fqdn: string): string[] {
  switch (sslType) {
    case 'manual':
      return settings.SSL_KEY_PATH ? [settings.SSL_KEY_PATH] : [];
    case 'letsencrypt':
      return liveFolders(settings, fqdn).flatMap((folder) => [`${folder}/privkey.pem`, `${folder}/key.pem`]);
    case 'self-signed':
      return [`/tmp/docker-mailserver/ssl/${fqdn}-key.pem`];
    default:
      return [];
  }
}

/** Prints `<file>\0<public key PEM>` for the first file that holds a private key. */
const FIRST_PUBLIC_KEY =
  'for f; do pub=$(openssl pkey -in "$f" -pubout 2>/dev/null) && { printf "%s\\0%s\\n" "$f" "$pub"; exit 0; }; done; exit 1';

async function configuredKey(target: Target, sslType: string, settings: Record<string, string>, fqdn: string): Promise<ServerFacts['key']> {
  const files = keyFiles(sslType, settings, fqdn);
  if (files.length === 0) return undefined;
  const result = await target.exec(['sh', '-c', FIRST_PUBLIC_KEY, 'mailwiz-key', ...files]).catch(() => undefined);
  const [file, pem] = result?.exitCode === 0 ? result.stdout.split('\0') : [];
  return file && pem?.includes('PUBLIC KEY') ? { pem, file } : undefined;
}

async function renewalFacts(
  target: Target,
  sslType: string,
  settings: Record<string, string>,
  fqdn: string,
  mounts: readonly MountInfo[],
): Promise<ServerFacts['renewal']> {
  if (sslType !== 'letsencrypt' && sslType !== 'manual') return { renewers: [], certbotConfig: false };
  const source = await certificateSource(target, sslType, settings, fqdn, mounts);
  const withSource = source ? { source } : {};
  if (sslType === 'manual') return { renewers: [], certbotConfig: false, ...withSource };
  const certbotConfig = await target.exists(`/etc/letsencrypt/renewal/${fqdn}.conf`);
  if (target.kind !== 'docker') return { renewers: [], certbotConfig, ...withSource };
  const docker = await connectEngine();
  const running = await docker.listContainers().catch(() => []);
  return { renewers: [...renewerContainers(running), ...(await hostRenewalJobs())], certbotConfig, ...withSource };
}

/**
 * For each `<kind> <file>` argument pair, prints `<state>\0<sha256>\0<content>\0`: state ok, absent or unreadable;
 * content only certificates: a PEM file's CERTIFICATE blocks (a file may hold its key too), acme.json through
 * ACME_JSON_KEYS_WITHHELD_PY. $1 is that program.
 */
const READ_CERTIFICATE_FILES = `program=$1; shift
while [ "$#" -ge 2 ]; do
  kind=$1; file=$2; shift 2
  if [ ! -e "$file" ]; then printf 'absent\\0\\0\\0'; continue; fi
  if [ ! -f "$file" ] || [ ! -r "$file" ]; then printf 'unreadable\\0\\0\\0'; continue; fi
  printf 'ok\\0%s\\0' "$(sha256sum < "$file" | cut -c1-64)"
  if [ "$kind" = acme ]; then
    python3 -c "$program" "$file" 2>/dev/null || printf '{"error": "python3 could not read it"}'
  else
    sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$file"
  fi
  printf '\\0'
done`;

/** What to read, as `[kind, file]`: SSL_CERT_PATH; or acme.json and every live/<name>/fullchain.pem DMS may use. */
function certificateFiles(sslType: string, settings: Record<string, string>, fqdn: string): ['acme' | 'pem', string][] {
  if (sslType === 'manual') return settings.SSL_CERT_PATH ? [['pem', settings.SSL_CERT_PATH]] : [];
  const live = liveFolders(settings, fqdn).map((folder): ['pem', string] => ['pem', `${folder}/fullchain.pem`]);
  return [['acme', ACME_JSON_PATH], ...live];
}

interface FileRead {
  file: string;
  state: string;
  sha256: string;
  content: string;
}

/** What DMS takes its certificate from (acme.json, else the live folder it uses; SSL_CERT_PATH), in one round trip. */
async function certificateSource(
  target: Target,
  sslType: string,
  settings: Record<string, string>,
  fqdn: string,
  mounts: readonly MountInfo[],
): Promise<CertificateSource | undefined> {
  const wanted = certificateFiles(sslType, settings, fqdn);
  if (wanted.length === 0) return undefined;
  const argv = ['sh', '-c', READ_CERTIFICATE_FILES, 'mailwiz-certificates', ACME_JSON_KEYS_WITHHELD_PY, ...wanted.flat()];
  const result = await target.exec(argv).catch(() => undefined);
  if (!result) return undefined;
  const parts = result.stdout.split('\0');
  const reads = wanted.map(([, file], i): FileRead => ({
    file,
    state: parts[i * 3] ?? 'unreadable',
    sha256: parts[i * 3 + 1] ?? '',
    content: parts[i * 3 + 2] ?? '',
  }));
  const [first] = reads;
  if (sslType === 'manual') return first && fileSource(first, 'SSL_CERT_PATH', await hostCopy(target, first, mounts));
  if (first && first.state !== 'absent') {
    const names = letsencryptNames(settings, fqdn);
    return { kind: 'acme-json', file: first.file, names, read: acmeRead(first), ...withHostCopy(await hostCopy(target, first, mounts)) };
  }
  const live = reads.slice(1).find((r) => r.state !== 'absent');
  return live && fileSource(live, 'letsencrypt', await hostCopy(target, live, mounts));
}

function fileSource(read: FileRead, setBy: CertificateFileSource['setBy'], copy: HostCopy | undefined): CertificateFileSource {
  const problem = read.state === 'absent' ? 'there is no such file' : read.state === 'ok' ? undefined : 'it is not a readable file';
  return { kind: 'file', file: read.file, setBy, read: problem ? { problem } : { pem: read.content }, ...withHostCopy(copy) };
}

function acmeRead(read: FileRead): AcmeJsonSource['read'] {
  if (read.state !== 'ok') return { problem: 'it is not a readable file' };
  try {
    const printed = JSON.parse(read.content) as { store?: unknown; error?: unknown };
    if (typeof printed.error === 'string') return { problem: printed.error };
    return { store: readAcmeStore(printed.store, { keysWithheld: true }) };
  } catch (error) {
    return { problem: error instanceof AcmeJsonError ? error.message : 'it could not be read' };
  }
}

function withHostCopy(copy: HostCopy | undefined): { hostCopy?: HostCopy } {
  return copy ? { hostCopy: copy } : {};
}

/**
 * When the file is a single-file bind mount and the engine runs on this machine: whether the host's file still has
 * the content the container sees (a file replaced by rename on the host is not seen by the container).
 */
async function hostCopy(target: Target, read: FileRead, mounts: readonly MountInfo[]): Promise<HostCopy | undefined> {
  if (target.kind !== 'docker' || read.state !== 'ok' || !engineIsLocal()) return undefined;
  const mount = mounts.find((m) => m.type === 'bind' && m.destination === read.file);
  if (!mount) return undefined;
  const content = await readFile(mount.source).catch(() => undefined);
  if (content === undefined) return undefined;
  return { hostFile: mount.source, differs: createHash('sha256').update(content).digest('hex') !== read.sha256 };
}
