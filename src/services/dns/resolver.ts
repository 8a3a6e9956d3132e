import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { normalName } from '../../dms/dns-name.js';
import type { TlsaRecord } from '../../dms/dns-tlsa.js';
import { portProblem } from '../../dms/validate.js';
import { ServiceError } from '../errors.js';
import type { Answer, DnssecAnswer, VoidCode } from './answer.js';
import { dnssecAnswer, tlsaAnswer, type AskWire } from './wire-lookups.js';
import { wireQuery, wireServer } from './wire-query.js';

/** The one way DNS checks reach the network: every query goes through a `DnsResolver`, and answers are classified. */

export interface MxRecord {
  exchange: string;
  priority: number;
}

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export type { Answer, DnssecAnswer, VoidCode } from './answer.js';

export interface DnsResolver {
  /** Who answers, shown beside every result: `127.0.0.1:5353`, `system (192.168.1.1)`. */
  readonly label: string;
  resolveMx(name: string): Promise<Answer<MxRecord>>;
  /** Each record as its character-strings (join them to read the record). */
  resolveTxt(name: string): Promise<Answer<string[]>>;
  resolve4(name: string): Promise<Answer<string>>;
  resolve6(name: string): Promise<Answer<string>>;
  resolveCname(name: string): Promise<Answer<string>>;
  /** The PTR names of an IP address. */
  reverse(ip: string): Promise<Answer<string>>;
  resolveSrv(name: string): Promise<Answer<SrvRecord>>;
  resolveTlsa(name: string): Promise<Answer<TlsaRecord>>;
  dnssec(name: string): Promise<DnssecAnswer>;
}

export type ResolverMethod = Exclude<keyof DnsResolver, 'label'>;

const VOID_CODES: Readonly<Record<string, VoidCode>> = { ENOTFOUND: 'NXDOMAIN', ENODATA: 'NODATA' };

const UNKNOWN_CODES: Readonly<Record<string, string>> = {
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'TIMEOUT',
  ECONNREFUSED: 'CONNREFUSED',
  EFORMERR: 'FORMERR',
  EBADRESP: 'BADRESP',
  ENOTIMP: 'NOTIMP',
  ECANCELLED: 'CANCELLED',
};

/** Sorts a failed query into void (NXDOMAIN, NODATA) or unknown (SERVFAIL, REFUSED, TIMEOUT and the rest). */
export function classifyDnsError(error: unknown): Exclude<Answer<never>, { kind: 'records' }> {
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = typeof code === 'string' ? code : 'ERROR';
  const voidCode = VOID_CODES[text];
  if (voidCode) return { kind: 'void', code: voidCode };
  return { kind: 'unknown', code: UNKNOWN_CODES[text] ?? text, message: error instanceof Error ? error.message : String(error) };
}

/** Runs a query and classifies what it gave; an empty record list is NODATA. */
export async function answerOf<T>(query: () => Promise<T[]>): Promise<Answer<T>> {
  try {
    const records = await query();
    return records.length > 0 ? { kind: 'records', records } : { kind: 'void', code: 'NODATA' };
  } catch (error) {
    return classifyDnsError(error);
  }
}

/** `IP`, `IP:PORT` or `[IPv6]:PORT` (the `--resolver` option) in the form `Resolver#setServers` takes. */
export function parseResolverAddress(spec: string): string {
  const text = spec.trim();
  if (isIP(text) !== 0) return text;
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  const plain = /^([^:]+):(\d+)$/.exec(text);
  const [, host = '', port = ''] = bracketed ?? plain ?? [];
  const family = isIP(host);
  if (!(bracketed ? family === 6 : family === 4) || portProblem(port)) {
    throw new ServiceError(`--resolver '${spec}' is not IP[:PORT] (e.g. 127.0.0.1:5353 or [::1]:53)`);
  }
  return family === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

export interface NodeResolverOptions {
  /** One resolver to ask (`IP[:PORT]`); the system's resolvers when absent. */
  server?: string;
  /** How long to wait for each try of a query. */
  timeoutMs?: number;
  /** How many times to try a query before answering TIMEOUT. */
  tries?: number;
}

/**
 * A `DnsResolver` over `node:dns/promises`; TLSA and DNSSEC, which it cannot ask, go on the wire to the same server
 * (of the system's, the first: the one /etc/resolv.conf names first).
 */
export function createNodeResolver(options: NodeResolverOptions = {}): DnsResolver {
  const timeoutMs = options.timeoutMs ?? 3000;
  const tries = options.tries ?? 2;
  const resolver = new Resolver({ timeout: timeoutMs, tries });
  if (options.server !== undefined) resolver.setServers([parseResolverAddress(options.server)]);
  const server = wireServer(resolver.getServers()[0] ?? '');
  const ask: AskWire = (name, type) =>
    server
      ? wireQuery(server, name, type, { timeoutMs, tries })
      : Promise.resolve({ kind: 'error', code: 'NOSERVER', message: 'no DNS server is configured' });
  return {
    label: options.server?.trim() ?? `system (${resolver.getServers().join(', ')})`,
    resolveMx: (name) => answerOf(() => resolver.resolveMx(name)),
    resolveTxt: (name) => answerOf(() => resolver.resolveTxt(name)),
    resolve4: (name) => answerOf(() => resolver.resolve4(name)),
    resolve6: (name) => answerOf(() => resolver.resolve6(name)),
    resolveCname: (name) => answerOf(() => resolver.resolveCname(name)),
    reverse: (ip) => answerOf(() => resolver.reverse(ip)),
    resolveSrv: (name) => answerOf(() => resolver.resolveSrv(name)),
    resolveTlsa: (name) => tlsaAnswer(ask, name),
    dnssec: (name) => dnssecAnswer(ask, name),
  };
}

/** The resolver with each (method, name) asked once: checks of one run share what they learn. */
export function withCache(inner: DnsResolver): DnsResolver {
  const cache = new Map<string, Promise<unknown>>();
  const cached = <M extends ResolverMethod>(method: M): DnsResolver[M] =>
    ((name: string) => {
      const key = `${method} ${normalName(name)}`;
      const hit = cache.get(key) ?? inner[method](name);
      cache.set(key, hit);
      return hit;
    }) as DnsResolver[M];
  return {
    label: inner.label,
    resolveMx: cached('resolveMx'),
    resolveTxt: cached('resolveTxt'),
    resolve4: cached('resolve4'),
    resolve6: cached('resolve6'),
    resolveCname: cached('resolveCname'),
    reverse: cached('reverse'),
    resolveSrv: cached('resolveSrv'),
    resolveTlsa: cached('resolveTlsa'),
    dnssec: cached('dnssec'),
  };
}

/** A short phrase for an unknown answer: `the resolver answered SERVFAIL`. */
export function unknownReason(answer: { code: string }): string {
  return answer.code === 'TIMEOUT' ? 'the resolver did not answer in time' : `the resolver answered ${answer.code}`;
}

/** The A (family 4) or AAAA (family 6) records of a name. */
export function resolveAddresses(resolver: DnsResolver, name: string, family: 4 | 6): Promise<Answer<string>> {
  return family === 4 ? resolver.resolve4(name) : resolver.resolve6(name);
}
