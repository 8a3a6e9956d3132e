import { reverseName } from '../../dms/dns-ip.js';
import { normalName } from '../../dms/dns-name.js';
import type { TlsaRecord } from '../../dms/dns-tlsa.js';
import type { Answer, DnsResolver, DnssecAnswer, MxRecord, SrvRecord } from './resolver.js';

/** How a resolver can fail to answer, recorded. */
export type RecordedFailure = 'SERVFAIL' | 'REFUSED' | 'TIMEOUT';

/** The records of one name, by type; a type may hold a failure instead. TXT: a string, or a record's several strings. */
export interface RecordedName {
  A?: string[] | RecordedFailure;
  AAAA?: string[] | RecordedFailure;
  MX?: MxRecord[] | RecordedFailure;
  TXT?: (string | string[])[] | RecordedFailure;
  CNAME?: string;
  PTR?: string[] | RecordedFailure;
  SRV?: SrvRecord[] | RecordedFailure;
  TLSA?: TlsaRecord[] | RecordedFailure;
  /**
   * The zone's DNSSEC status, for this name and every name below it without one of its own (so set it at the apex);
   * unsigned where no name above sets it. `NODNSSEC`: a resolver that drops DNSSEC records.
   */
  DNSSEC?: { signed: boolean; authenticated: boolean } | RecordedFailure | 'NODNSSEC';
}

/** Names (PTR records at their in-addr.arpa / ip6.arpa name) to their records, or to a failure for every type. */
export type RecordedAnswers = Readonly<Record<string, RecordedName | RecordedFailure>>;

type RecordType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'PTR' | 'SRV' | 'TLSA';

const MAX_CNAME_HOPS = 8;

/**
 * A `DnsResolver` answering from a table of recorded answers, as a recursive resolver would: absent names are
 * NXDOMAIN, absent types NODATA, and CNAMEs are followed. Every query is logged in `queries` (`TXT example.com`).
 */
export class RecordedResolver implements DnsResolver {
  readonly queries: string[] = [];
  private readonly names: ReadonlyMap<string, RecordedName | RecordedFailure>;

  constructor(
    answers: RecordedAnswers,
    readonly label = 'recorded answers',
  ) {
    this.names = new Map(Object.entries(answers).map(([name, records]) => [normalName(name), records]));
  }

  resolveMx(name: string): Promise<Answer<MxRecord>> {
    return this.answer(name, 'MX', (records) => records);
  }

  resolveTxt(name: string): Promise<Answer<string[]>> {
    return this.answer(name, 'TXT', (records) => records.map((record) => (typeof record === 'string' ? [record] : record)));
  }

  resolve4(name: string): Promise<Answer<string>> {
    return this.answer(name, 'A', (records) => records);
  }

  resolve6(name: string): Promise<Answer<string>> {
    return this.answer(name, 'AAAA', (records) => records);
  }

  resolveCname(name: string): Promise<Answer<string>> {
    this.queries.push(`CNAME ${normalName(name)}`);
    const entry = this.names.get(normalName(name));
    if (entry === undefined) return Promise.resolve({ kind: 'void', code: 'NXDOMAIN' });
    if (typeof entry === 'string') return Promise.resolve(failure(entry));
    return Promise.resolve(entry.CNAME === undefined ? { kind: 'void', code: 'NODATA' } : { kind: 'records', records: [entry.CNAME] });
  }

  reverse(ip: string): Promise<Answer<string>> {
    return this.answer(reverseName(ip), 'PTR', (records) => records);
  }

  resolveSrv(name: string): Promise<Answer<SrvRecord>> {
    return this.answer(name, 'SRV', (records) => records);
  }

  resolveTlsa(name: string): Promise<Answer<TlsaRecord>> {
    return this.answer(name, 'TLSA', (records) => records);
  }

  dnssec(name: string): Promise<DnssecAnswer> {
    this.queries.push(`DNSSEC ${normalName(name)}`);
    const labels = normalName(name).split('.');
    for (let i = 0; i < labels.length; i += 1) {
      const entry = this.names.get(labels.slice(i).join('.'));
      const status = typeof entry === 'string' ? entry : entry?.DNSSEC;
      if (status === 'NODNSSEC') return Promise.resolve({ kind: 'unknown', code: status, message: 'recorded: no DO bit in the answer' });
      if (typeof status === 'string') return Promise.resolve(failure(status));
      if (status) return Promise.resolve({ kind: 'status', ...status });
    }
    return Promise.resolve({ kind: 'status', signed: false, authenticated: false });
  }

  private answer<K extends RecordType, T>(
    name: string,
    type: K,
    convert: (records: Exclude<RecordedName[K], RecordedFailure | undefined>) => T[],
  ): Promise<Answer<T>> {
    this.queries.push(`${type} ${normalName(name)}`);
    let current = normalName(name);
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop += 1) {
      const entry = this.names.get(current);
      if (entry === undefined) return Promise.resolve({ kind: 'void', code: 'NXDOMAIN' });
      if (typeof entry === 'string') return Promise.resolve(failure(entry));
      const records = entry[type];
      if (records === undefined && entry.CNAME !== undefined) {
        current = normalName(entry.CNAME);
        continue;
      }
      if (records === undefined) return Promise.resolve({ kind: 'void', code: 'NODATA' });
      if (typeof records === 'string') return Promise.resolve(failure(records as RecordedFailure));
      const converted = convert(records as Exclude<RecordedName[K], RecordedFailure | undefined>);
      return Promise.resolve(converted.length > 0 ? { kind: 'records', records: converted } : { kind: 'void', code: 'NODATA' });
    }
    return Promise.resolve(failure('SERVFAIL'));
  }
}

function failure(code: RecordedFailure): Extract<Answer<never>, { kind: 'unknown' }> {
  return { kind: 'unknown', code, message: `recorded ${code}` };
}
