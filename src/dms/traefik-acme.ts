import { X509Certificate } from 'node:crypto';

/**
 * Traefik's acme.json, where Traefik keeps the certificates it obtained, and how DMS picks one from it
 * (SSL_TYPE=letsencrypt with the file mounted at /etc/letsencrypt/acme.json).
 *
 * Traefik v2 and v3 keep one store per certificate resolver:
 *   { "<resolver>": { "Account": {…}, "Certificates": [ { "domain": { "main": "…", "sans": ["…"] },
 *     "certificate": "<base64 of the PEM chain>", "key": "<base64 of the PEM key>", "Store": "default" } ] } }
 * `sans` is left out when empty, and `Certificates` is null while the resolver has none.
 * Traefik v1 kept one store for everything: { "Account": {…}, "Certificates": [ { "Domain": { "Main": "…",
 * "SANs": […] | null }, "Certificate": "…", "Key": "…" } ], "HTTPChallenges": {…}, "TLSChallenges": {…} }.
 *
 * DMS (its acme_extract.py) reads only the v2/v3 layout. For each of SSL_DOMAIN, HOSTNAME, DOMAINNAME in turn, it
 * takes the first certificate, resolvers and certificates in file order, whose `main` or one of whose `sans` is that
 * exact name; one without a key or certificate makes DMS go on to the next name. It writes that certificate to
 * /etc/letsencrypt/live/<name>/fullchain.pem and key.pem, a wildcard prefix `*.` dropped from the folder name.
 */

export const ACME_JSON_PATH = '/etc/letsencrypt/acme.json';
export const LETSENCRYPT_LIVE_DIR = '/etc/letsencrypt/live';

export type AcmeLayout = 'traefik-v2' | 'traefik-v1';

interface AcmeEntryBase {
  /** The certificate resolver it belongs to; '' in Traefik v1's single store. */
  resolver: string;
  /** Its place in the resolver's list, from 0. */
  index: number;
  main: string;
  sans: string[];
}

/** A certificate DMS can use: a PEM chain that parses, and a key. */
export interface AcmeCertificate extends AcmeEntryBase {
  usable: true;
  /** The chain as Traefik stored it, leaf first. */
  chainPem: string;
  /** Absent when the file was read with its keys withheld (`keysWithheld`). */
  keyPem?: string;
  /** The leaf's. */
  notBefore: Date;
  notAfter: Date;
  fingerprint256: string;
  leaf: X509Certificate;
}

export interface UnusableAcmeEntry extends AcmeEntryBase {
  usable: false;
  /** Why DMS cannot use it, e.g. "it has no key". */
  problem: string;
}

export type AcmeEntry = AcmeCertificate | UnusableAcmeEntry;

export interface AcmeStore {
  layout: AcmeLayout;
  /** In file order (Traefik v1: none). */
  resolvers: string[];
  /** Every certificate entry, resolvers and certificates in file order. */
  entries: AcmeEntry[];
}

/** acme.json cannot be read as a Traefik store at all. Its message never quotes the file (it holds private keys). */
export class AcmeJsonError extends Error {
  override name = 'AcmeJsonError';
}

export interface ReadAcmeOptions {
  /**
   * Each key was replaced by `true` (it had one) or `false` (it had none) before the file left the server:
   * what `ACME_JSON_KEYS_WITHHELD_PY` prints.
   */
  keysWithheld?: boolean;
}

/** Parses the text of acme.json; throws an AcmeJsonError when it is no Traefik store. */
export function parseAcmeJson(text: string, options: ReadAcmeOptions = {}): AcmeStore {
  if (text.trim() === '') return readAcmeStore(null, options);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: say where it is instead.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw new AcmeJsonError(`acme.json is not valid JSON${position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`}`);
  }
  return readAcmeStore(data, options);
}

/** Reads acme.json's already parsed JSON; throws an AcmeJsonError when it is no Traefik store. */
export function readAcmeStore(data: unknown, options: ReadAcmeOptions = {}): AcmeStore {
  if (data === null || data === undefined) throw new AcmeJsonError('acme.json is empty: Traefik has stored no certificate in it yet');
  if (!isRecord(data)) throw new AcmeJsonError(`acme.json holds ${describeJson(data)}, not a Traefik store (a JSON object)`);
  if ('Certificates' in data) {
    return { layout: 'traefik-v1', resolvers: [], entries: readEntries(data.Certificates, '', V1_FIELDS, options) };
  }
  const resolvers = Object.keys(data);
  const entries = resolvers.flatMap((resolver) => {
    const store = data[resolver];
    if (store === null) return [];
    if (!isRecord(store)) throw new AcmeJsonError(`acme.json: the resolver "${resolver}" holds ${describeJson(store)}, not a store`);
    return readEntries(store.Certificates, resolver, V2_FIELDS, options);
  });
  return { layout: 'traefik-v2', resolvers, entries };
}

export type AcmePick =
  | {
      found: true;
      /** The name it was found for. */
      name: string;
      /** Where DMS writes it: /etc/letsencrypt/live/<name without `*.`>. */
      folder: string;
      certificate: AcmeCertificate;
      /** Earlier names whose first match DMS could not use, with why. */
      passedOver: { name: string; entry: UnusableAcmeEntry }[];
    }
  | {
      found: false;
      /** The names looked for, in order. */
      tried: string[];
      /** Names whose first match DMS could not use, with why. */
      passedOver: { name: string; entry: UnusableAcmeEntry }[];
      /** Set when DMS cannot read the store at all (Traefik v1's layout). */
      unreadableLayout?: string;
      /** Usable certificates valid for one of the names (a wildcard), which DMS does not match: SSL_DOMAIN could name them. */
      covering: AcmeCertificate[];
    };

/**
 * The certificate DMS extracts: `names` in DMS's order, [SSL_DOMAIN, HOSTNAME, DOMAINNAME] (empty ones are skipped).
 */
export function pickAcmeCertificate(store: AcmeStore, names: readonly (string | undefined)[]): AcmePick {
  const tried = names.filter((name): name is string => Boolean(name));
  const passedOver: { name: string; entry: UnusableAcmeEntry }[] = [];
  if (store.layout === 'traefik-v1') {
    const unreadableLayout = "acme.json is in Traefik v1's layout, which DMS does not read (it reads Traefik v2's and v3's)";
    return { found: false, tried, passedOver, unreadableLayout, covering: [] };
  }
  for (const name of tried) {
    const entry = store.entries.find((e) => e.main === name || e.sans.includes(name));
    if (!entry) continue;
    if (entry.usable) return { found: true, name, folder: acmeLiveFolder(name), certificate: entry, passedOver };
    passedOver.push({ name, entry });
  }
  const covering = store.entries.filter(
    (e): e is AcmeCertificate => e.usable && tried.some((name) => e.leaf.checkHost(name, { subject: 'never' }) !== undefined),
  );
  return { found: false, tried, passedOver, covering };
}

/** DMS's folder for a certificate of `name`: the wildcard prefix `*.` is not part of it. */
export function acmeLiveFolder(name: string): string {
  return `${LETSENCRYPT_LIVE_DIR}/${withoutWildcard(name)}`;
}

export function withoutWildcard(name: string): string {
  return name.startsWith('*.') ? name.slice(2) : name;
}

/**
 * A Python 3 program (DMS has Python: its extractor is one) for `python3 -c PROGRAM FILE`: prints
 * `{"store": <acme.json>}` with the value of every field named `key`, `Key` or `PrivateKey` (certificate keys, the
 * ACME account key) replaced by whether it had one, so that no private key leaves the server; `{"store": null}` for
 * an empty file; `{"error": "…"}` for a file that is not JSON. Read its store with `readAcmeStore(…, {keysWithheld: true})`.
 */
export const ACME_JSON_KEYS_WITHHELD_PY = `
import json, sys
def withhold(value):
    if isinstance(value, dict):
        return {k: (bool(v) if k in ('key', 'Key', 'PrivateKey') else withhold(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [withhold(v) for v in value]
    return value
try:
    with open(sys.argv[1], 'rb') as f:
        raw = f.read()
    data = json.loads(raw) if raw.strip() else None
except ValueError as e:
    where = ' (line %d, column %d)' % (e.lineno, e.colno) if hasattr(e, 'lineno') else ''
    print(json.dumps({'error': 'acme.json is not valid JSON' + where}))
    sys.exit(0)
print(json.dumps({'store': withhold(data)}))
`;

interface EntryFields {
  domain: string;
  main: string;
  sans: string;
  certificate: string;
  key: string;
}

const V2_FIELDS: EntryFields = { domain: 'domain', main: 'main', sans: 'sans', certificate: 'certificate', key: 'key' };
const V1_FIELDS: EntryFields = { domain: 'Domain', main: 'Main', sans: 'SANs', certificate: 'Certificate', key: 'Key' };

function readEntries(list: unknown, resolver: string, fields: EntryFields, options: ReadAcmeOptions): AcmeEntry[] {
  if (list === null || list === undefined) return [];
  const where = resolver ? `the resolver "${resolver}"` : 'acme.json';
  if (!Array.isArray(list)) throw new AcmeJsonError(`${where}: Certificates holds ${describeJson(list)}, not a list`);
  return list.map((item, index) => readEntry(item, { resolver, index }, fields, options));
}

function readEntry(item: unknown, at: { resolver: string; index: number }, fields: EntryFields, options: ReadAcmeOptions): AcmeEntry {
  const domainValue = isRecord(item) ? item[fields.domain] : undefined;
  const domain: Record<string, unknown> = isRecord(domainValue) ? domainValue : {};
  const mainValue = domain[fields.main];
  const main = typeof mainValue === 'string' ? mainValue : '';
  const sansValue = domain[fields.sans];
  const sans = Array.isArray(sansValue) ? sansValue.filter((s): s is string => typeof s === 'string') : [];
  const base = { ...at, main, sans };
  const unusable = (problem: string): UnusableAcmeEntry => ({ ...base, usable: false, problem });
  if (!isRecord(item)) return unusable(`it is ${describeJson(item)}, not a certificate entry`);
  if (!main && sans.length === 0) return unusable('it names no domain');
  const chain = decodePem(item[fields.certificate], 'CERTIFICATE');
  if (typeof chain !== 'string') return unusable(`its certificate ${chain.problem}`);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(firstPemBlock(chain, 'CERTIFICATE') ?? '');
  } catch {
    return unusable('its certificate is not a readable X.509 certificate');
  }
  const keyValue = item[fields.key];
  let keyPem: string | undefined;
  if (options.keysWithheld && typeof keyValue === 'boolean') {
    if (!keyValue) return unusable('it has no key');
  } else {
    const key = decodePem(keyValue, 'PRIVATE KEY');
    if (typeof key !== 'string') return unusable(`its key ${key.problem}`);
    keyPem = key;
  }
  return {
    ...base,
    usable: true,
    chainPem: chain,
    ...(keyPem === undefined ? {} : { keyPem }),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    fingerprint256: leaf.fingerprint256,
    leaf,
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The PEM text of a base64 field, or what is wrong with it. `label`: the end of the PEM label looked for. */
function decodePem(value: unknown, label: string): string | { problem: string } {
  if (value === undefined || value === null || value === '') return { problem: 'is missing' };
  if (typeof value !== 'string') return { problem: `is ${describeJson(value)}, not base64 text` };
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return { problem: 'is not base64' };
  const text = Buffer.from(compact, 'base64').toString('utf8');
  if (!firstPemBlock(text, label)) return { problem: `is not PEM (no ${label} block)` };
  return text;
}

function firstPemBlock(text: string, label: string): string | undefined {
  const match = new RegExp(`-----BEGIN ([A-Z ]*${label})-----[\\s\\S]+?-----END \\1-----`).exec(text);
  return match?.[0];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}
