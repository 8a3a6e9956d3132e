import { cnameTarget, DnsMessageError, RCODE, RR_TYPE, type DnsMessage } from '../../dms/dns-message.js';
import { normalName } from '../../dms/dns-name.js';
import { parseTlsaData, type TlsaRecord } from '../../dms/dns-tlsa.js';
import type { Answer, DnssecAnswer } from './answer.js';
import type { WireResult } from './wire-query.js';

/** TLSA records and a name's DNSSEC status from wire answers, classified as `Answer`s like every other query. */

export type AskWire = (name: string, type: number) => Promise<WireResult>;

type Unknown = Extract<Answer<never>, { kind: 'unknown' }>;

const RCODE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(RCODE).map(([name, code]) => [code, name]));
const MAX_CNAME_HOPS = 8;

export async function tlsaAnswer(ask: AskWire, name: string): Promise<Answer<TlsaRecord>> {
  const result = await ask(name, RR_TYPE.TLSA);
  if (result.kind === 'error') return { kind: 'unknown', code: result.code, message: result.message };
  const failed = rcodeFailure(result.message);
  if (failed) return failed;
  try {
    const owners = chainNames(result.raw, result.message, name);
    const records = result.message.answers
      .filter((r) => r.type === RR_TYPE.TLSA && owners.has(r.name))
      .map((r) => parseTlsaData(r.data))
      .filter((r): r is TlsaRecord => r !== undefined);
    if (records.length > 0) return { kind: 'records', records };
    return { kind: 'void', code: result.message.rcode === RCODE.NXDOMAIN ? 'NXDOMAIN' : 'NODATA' };
  } catch (error) {
    if (error instanceof DnsMessageError) return { kind: 'unknown', code: 'BADRESP', message: error.message };
    throw error;
  }
}

/**
 * Whether the zone of `name` is signed (an RRSIG in the answer to an SOA query, or beside the SOA of a negative
 * answer) and whether the resolver validated the answer (AD). A resolver that drops DNSSEC records (no DO bit in
 * its answer) cannot tell: that is unknown, not "unsigned".
 */
export async function dnssecAnswer(ask: AskWire, name: string): Promise<DnssecAnswer> {
  const result = await ask(name, RR_TYPE.SOA);
  if (result.kind === 'error') return { kind: 'unknown', code: result.code, message: result.message };
  const { message } = result;
  const failed = rcodeFailure(message);
  if (failed) return failed;
  const signed = [...message.answers, ...message.authority].some((r) => r.type === RR_TYPE.RRSIG);
  if (!signed && !message.edns?.dnssecOk) {
    return { kind: 'unknown', code: 'NODNSSEC', message: 'the resolver answered without the DO bit: it does not pass DNSSEC records on' };
  }
  return { kind: 'status', signed, authenticated: message.flags.authenticData };
}

function rcodeFailure(message: DnsMessage): Unknown | undefined {
  if (message.rcode === RCODE.NOERROR || message.rcode === RCODE.NXDOMAIN) return undefined;
  const code = RCODE_NAMES[message.rcode] ?? `RCODE${message.rcode}`;
  return { kind: 'unknown', code, message: `the resolver answered ${code}` };
}

/** The query name and the names its CNAMEs in the answer section lead to. */
function chainNames(raw: Buffer, message: DnsMessage, name: string): Set<string> {
  const names = new Set([normalName(name)]);
  for (let hop = 0; hop < MAX_CNAME_HOPS; hop += 1) {
    const next = message.answers.filter((r) => r.type === RR_TYPE.CNAME && names.has(r.name)).map((r) => cnameTarget(raw, r));
    const added = next.filter((target) => !names.has(target));
    if (added.length === 0) break;
    for (const target of added) names.add(target);
  }
  return names;
}
