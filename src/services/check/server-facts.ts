import { dkimKeyFromZoneText, type DkimKey } from '../../dms/dkim-key.js';
import { normalName } from '../../dms/dns-name.js';
import { connectEngine, type PortBinding, type Target } from '../../target/index.js';
import { mailDomains } from '../dkim.js';
import { mailServer, serverSettings } from '../mail-server.js';
import { hostRenewalJobs, renewerContainers } from '../tls/renewal.js';

/** What `mailwiz check` learns from the server before it checks anything: its name, domains, keys and ports. */

export interface ServerFacts {
  fqdn: string;
  domains: string[];
  /** DKIM public keys from the config volume (opendkim/keys/<domain>/<selector>.txt), by domain. */
  dkim: Record<string, DkimKey>;
  sslType: string;
  /** The public half of the configured TLS key (derived inside the server: the private key never leaves it). */
  key?: { pem: string; file: string };
  ports: PortBinding[];
  /** For SSL_TYPE=letsencrypt. */
  renewal: { renewers: string[]; certbotConfig: boolean };
}

const OPENDKIM_KEYS = '/tmp/docker-mailserver/opendkim/keys';
/** Prints `<file>\0<content>\0` for every selector snippet in one round trip. */
const READ_DKIM_SNIPPETS = 'for f in "$1"/*/*.txt; do [ -f "$f" ] || continue; printf "%s\\0" "$f"; cat "$f"; printf "\\0"; done';

export async function gatherServerFacts(target: Target, options: { domains?: string[] } = {}): Promise<ServerFacts> {
  const server = mailServer(target);
  const [info, effective] = await Promise.all([target.info(), serverSettings(server)]);
  // /etc/dms-settings may leave out variables DMS only reads (SSL_KEY_PATH): the container's environment fills in.
  const settings = { ...info.env, ...effective };
  const fqdn = normalName(
    settings.OVERRIDE_HOSTNAME || (info.hostname.includes('.') ? info.hostname : await longHostname(target, info.hostname)),
  );
  const named = options.domains?.map(normalName) ?? [];
  const domains = named.length > 0 ? named : await mailDomains(server);
  const sslType = settings.SSL_TYPE ?? '';
  const [dkim, key, renewal] = await Promise.all([
    dkimKeys(target),
    configuredKey(target, sslType, settings, fqdn),
    sslType === 'letsencrypt' ? renewalFacts(target, fqdn) : { renewers: [], certbotConfig: false },
  ]);
  return {
    fqdn,
    domains: domains.length > 0 ? domains : [parentDomain(fqdn)],
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

/** DMS's DOMAINNAME: the FQDN without its first label. */
function parentDomain(fqdn: string): string {
  const labels = fqdn.split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : fqdn;
}

async function dkimKeys(target: Target): Promise<Record<string, DkimKey>> {
  const result = await target.exec(['sh', '-c', READ_DKIM_SNIPPETS, 'mailwiz-dkim', OPENDKIM_KEYS]);
  const parts = result.stdout.split('\0');
  const keys: Record<string, DkimKey> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const domain = (parts[i] ?? '').split('/').at(-2);
    const key = dkimKeyFromZoneText(parts[i + 1] ?? '');
    if (domain && key) keys[normalName(domain)] = key;
  }
  return keys;
}

/** Where DMS takes the key from, by SSL_TYPE (letsencrypt: live/<FQDN>/ or live/<domain>/, as DMS looks). */
function keyFiles(sslType: string, settings: Record<string, string>, fqdn: string): string[] {
  switch (sslType) {
    case 'manual':
      return settings.SSL_KEY_PATH ? [settings.SSL_KEY_PATH] : [];
    case 'letsencrypt':
      return [settings.SSL_DOMAIN, fqdn, parentDomain(fqdn)].filter(Boolean).map((name) => `/etc/letsencrypt/live/${name}/privkey.pem`);
    case 'self-signed':
      return [`/tmp/docker-mailserver/ssl/${fqdn}-key.pem`];
    default:
      return [];
  }
}

async function configuredKey(target: Target, sslType: string, settings: Record<string, string>, fqdn: string): Promise<ServerFacts['key']> {
  for (const file of keyFiles(sslType, settings, fqdn)) {
    const result = await target.exec(['openssl', 'pkey', '-in', file, '-pubout']).catch(() => undefined);
    if (result?.exitCode === 0 && result.stdout.includes('PUBLIC KEY')) return { pem: result.stdout, file };
  }
  return undefined;
}

async function renewalFacts(target: Target, fqdn: string): Promise<ServerFacts['renewal']> {
  const certbotConfig = await target.exists(`/etc/letsencrypt/renewal/${fqdn}.conf`);
  if (target.kind !== 'docker') return { renewers: [], certbotConfig };
  const docker = await connectEngine();
  const running = await docker.listContainers().catch(() => []);
  return { renewers: [...renewerContainers(running), ...(await hostRenewalJobs())], certbotConfig };
}
