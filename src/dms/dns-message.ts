/**
 * DNS messages on the wire (RFC 1035 §4, EDNS0 RFC 6891) as far as the checks need them: a query with the DNSSEC OK
 * bit, and a response's header flags, RCODE and records. Responses are untrusted input: every length and every
 * compression pointer is checked against the message, and a malformed one throws `DnsMessageError`.
 */

export const RR_TYPE = { A: 1, CNAME: 5, SOA: 6, OPT: 41, RRSIG: 46, TLSA: 52 } as const;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

const CLASS_IN = 1;
const HEADER_BYTES = 12;
const MAX_NAME_BYTES = 255;
const MAX_LABEL_BYTES = 63;
/** Room for EDNS answers that fit unfragmented in any path (the DNS flag day 2020 value). */
export const EDNS_UDP_SIZE = 1232;

export class DnsMessageError extends Error {}

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface ResourceRecord extends Question {
  ttl: number;
  /** RDATA as sent: names inside it may be compressed against the whole message (see `cnameTarget`). */
  data: Buffer;
  /** Where the RDATA starts in the message. */
  dataOffset: number;
}

export interface MessageFlags {
  response: boolean;
  authoritative: boolean;
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  /** AD: the resolver validated every record of the answer and authority sections with DNSSEC. */
  authenticData: boolean;
  checkingDisabled: boolean;
}

export interface DnsMessage {
  id: number;
  flags: MessageFlags;
  /** With the upper bits of an OPT record's extended RCODE. */
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  /** The OPT pseudo-record; absent when the responder does not speak EDNS. */
  edns?: { udpSize: number; version: number; dnssecOk: boolean };
}

export interface QuerySpec {
  id: number;
  name: string;
  type: number;
  /** Sets EDNS0's DO bit (RRSIGs wanted) and AD (RFC 6840 §5.7: tell whether the answer validated). */
  dnssecOk?: boolean;
}

export function encodeQuery(spec: QuerySpec): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(spec.id & 0xffff, 0);
  header.writeUInt16BE(spec.dnssecOk ? 0x0120 : 0x0100, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(1, 10);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(spec.type, 0);
  question.writeUInt16BE(CLASS_IN, 2);
  const opt = Buffer.alloc(11);
  opt.writeUInt16BE(RR_TYPE.OPT, 1);
  opt.writeUInt16BE(EDNS_UDP_SIZE, 3);
  opt.writeUInt16BE(spec.dnssecOk ? 0x8000 : 0, 7);
  return Buffer.concat([header, encodeName(spec.name), question, opt]);
}

/** A name in wire form; `example.com`, `example.com.` and `` (the root) are accepted. */
export function encodeName(name: string): Buffer {
  const text = name.replace(/\.$/, '');
  const labels = text === '' ? [] : text.split('.').map((label) => Buffer.from(label, 'utf8'));
  for (const label of labels) {
    if (label.length === 0 || label.length > MAX_LABEL_BYTES) {
      throw new DnsMessageError(`'${name}' has an empty label or one over 63 bytes`);
    }
  }
  const wire = Buffer.concat([...labels.flatMap((label) => [Buffer.from([label.length]), label]), Buffer.from([0])]);
  if (wire.length > MAX_NAME_BYTES) throw new DnsMessageError(`'${name}' is longer than 255 bytes`);
  return wire;
}

export function parseMessage(message: Buffer): DnsMessage {
  if (message.length < HEADER_BYTES) throw new DnsMessageError(`a ${message.length}-byte message has no complete header`);
  const bits = message.readUInt16BE(2);
  const counts = [4, 6, 8, 10].map((offset) => message.readUInt16BE(offset)) as [number, number, number, number];
  const reader = { offset: HEADER_BYTES };
  const questions = Array.from({ length: counts[0] }, () => readQuestion(message, reader));
  const [answers, authority, additional] = counts.slice(1).map((count) => Array.from({ length: count }, () => readRecord(message, reader)));
  const opt = additional?.find((r) => r.type === RR_TYPE.OPT);
  return {
    id: message.readUInt16BE(0),
    flags: {
      response: (bits & 0x8000) !== 0,
      authoritative: (bits & 0x0400) !== 0,
      truncated: (bits & 0x0200) !== 0,
      recursionDesired: (bits & 0x0100) !== 0,
      recursionAvailable: (bits & 0x0080) !== 0,
      authenticData: (bits & 0x0020) !== 0,
      checkingDisabled: (bits & 0x0010) !== 0,
    },
    rcode: (bits & 0x000f) | (opt ? (opt.ttl >>> 24) << 4 : 0),
    questions,
    answers: answers ?? [],
    authority: authority ?? [],
    additional: (additional ?? []).filter((r) => r !== opt),
    ...(opt ? { edns: { udpSize: opt.class, version: (opt.ttl >>> 16) & 0xff, dnssecOk: (opt.ttl & 0x8000) !== 0 } } : {}),
  };
}

function readQuestion(message: Buffer, reader: { offset: number }): Question {
  const name = readName(message, reader);
  need(message, reader.offset, 4, 'question');
  const question = { name, type: message.readUInt16BE(reader.offset), class: message.readUInt16BE(reader.offset + 2) };
  reader.offset += 4;
  return question;
}

function readRecord(message: Buffer, reader: { offset: number }): ResourceRecord {
  const question = readQuestion(message, reader);
  need(message, reader.offset, 6, 'record header');
  const ttl = message.readUInt32BE(reader.offset);
  const length = message.readUInt16BE(reader.offset + 4);
  const start = reader.offset + 6;
  need(message, start, length, 'record data');
  reader.offset = start + length;
  return { ...question, ttl, data: message.subarray(start, start + length), dataOffset: start };
}

function need(message: Buffer, offset: number, bytes: number, what: string): void {
  if (offset + bytes > message.length) throw new DnsMessageError(`the ${what} at byte ${offset} runs past the end of the message`);
}

/**
 * A (possibly compressed) name in presentation form, lower case, without the trailing dot. Pointers must point
 * backwards, which rules out loops; bytes other than letters, digits, `-` and `_` are written `\DDD` (RFC 1035 §5.1),
 * so a name never carries control characters to a terminal.
 */
export function readName(message: Buffer, reader: { offset: number }): string {
  const labels: string[] = [];
  let offset = reader.offset;
  let end: number | undefined;
  let bytes = 1;
  for (;;) {
    need(message, offset, 1, 'name');
    const length = message[offset] ?? 0;
    if ((length & 0xc0) === 0xc0) {
      need(message, offset, 2, 'name pointer');
      const target = message.readUInt16BE(offset) & 0x3fff;
      if (target >= offset) throw new DnsMessageError(`a name pointer at byte ${offset} does not point backwards`);
      end ??= offset + 2;
      offset = target;
      continue;
    }
    if (length > MAX_LABEL_BYTES) throw new DnsMessageError(`a label at byte ${offset} has the reserved length ${length}`);
    if (length === 0) break;
    need(message, offset + 1, length, 'label');
    bytes += length + 1;
    if (bytes > MAX_NAME_BYTES) throw new DnsMessageError(`a name at byte ${reader.offset} is longer than 255 bytes`);
    labels.push(presentLabel(message.subarray(offset + 1, offset + 1 + length)));
    offset += length + 1;
  }
  reader.offset = end ?? offset + 1;
  return labels.join('.');
}

function presentLabel(label: Buffer): string {
  let text = '';
  for (const byte of label) {
    const char = String.fromCharCode(byte).toLowerCase();
    text += /[a-z0-9_-]/.test(char) ? char : `\\${String(byte).padStart(3, '0')}`;
  }
  return text;
}

/** The type an RRSIG signs (its first two RDATA bytes, RFC 4034 §3.1). */
export function rrsigTypeCovered(record: ResourceRecord): number | undefined {
  return record.type === RR_TYPE.RRSIG && record.data.length >= 2 ? record.data.readUInt16BE(0) : undefined;
}

/** The target of a CNAME record, read against the whole message (the RDATA name may be compressed). */
export function cnameTarget(message: Buffer, record: ResourceRecord): string {
  return readName(message, { offset: record.dataOffset });
}
