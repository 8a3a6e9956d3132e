import { describe, expect, it } from 'vitest';
import {
  cnameTarget,
  DnsMessageError,
  encodeName,
  encodeQuery,
  parseMessage,
  RCODE,
  readName,
  RR_TYPE,
  rrsigTypeCovered,
} from '../../src/dms/dns-message.js';
import { parseTlsaData } from '../../src/dms/dns-tlsa.js';

/**
 * Answers Knot 3.2 gave to `encodeQuery` (DO set), recorded byte for byte: zone s.test signed by Knot itself
 * (`dnssec-signing: on`), u.test unsigned.
 */
const hex = (...parts: string[]): Buffer => Buffer.from(parts.join(''), 'hex');

/** `_25._tcp.alias.s.test TLSA`: a CNAME to `_25._tcp.mail.s.test`, its TLSA 3 1 1, and an RRSIG for each. */
const SIGNED_TLSA = hex(
  '123485000001000400000001035f3235045f74637005616c696173017304746573740000340001c00c000500010000012c0010035f3235045f746370',
  '046d61696cc01bc033003400010000012c00230301010123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefc00c002e0001',
  '0000012c005a00050d050000012c6b1592d96b0308c18bba0173047465737400a4f19aed56dd63a3ffe213fdefacd78da0deb59544668a8be867bc18',
  'f91d66ef06439a6e73e99a2940d253b7773065f5a64026a5ca2fbfae86a443a41a2c710cc033002e00010000012c005a00340d050000012c6b1592d9',
  '6b0308c18bba0173047465737400667f47397e7a709aa45582eab477ee2ff7d98f81c0b5c4a1c74fec33a7c94faea0f50bc47f71ffafdf67055dab6d',
  'b7950e8837901656f081686d3e98745e672200002904d0000080000000',
);

/** `nothere.s.test SOA`: NXDOMAIN, with SOA, NSECs and their RRSIGs in the authority section. */
const SIGNED_NXDOMAIN = hex(
  '234585030001000000060001076e6f7468657265017304746573740000060001c014000600010000012c0026026e73c0140a686f73746d6173746572',
  'c0140000000100000e1000000258000151800000012c035f3235045f746370046d61696cc014002f00010000012c0014026e73017304746573740000',
  '0700000000000308c014002f00010000012c0021035f3235045f74637005616c696173017304746573740000082200000000038018c014002e000100',
  '00012c005a00060d020000012c6b1592d96b0308c18bba01730474657374004c372fa0180eb77f317738a62e955addd62be87026374c1bb2c4fb155b',
  'e48fda12956fa2d8f5244ecbd2de97986f5606a08f021d62ad58cc96c407ce53fb6ac7c052002e00010000012c005a002f0d050000012c6b1592d96b',
  '0308c18bba01730474657374002fbbfe3df77925a0ea8397a11d4a9ea2bb4924f25bd6c10a15f4c43cc62791cb0e07623cad19720481ca05676c1066',
  '4636ed8f8d2cd5aeb177a7dc573ef0a7a9c014002e00010000012c005a002f0d020000012c6b1592d96b0308c18bba017304746573740098f4c2532d',
  '0624055ae3f0c9b047bd45eccb5e761d411e3fc3841417b593a6bba0810ab01dd00889e235bf00294b698aafa086a1c51d34dbdffcaa913f20dd2000',
  '002904d0000080000000',
);

/** `mail.u.test SOA`: NODATA from an unsigned zone; the OPT record echoes DO. */
const UNSIGNED_NODATA = hex(
  '345685000001000000010001046d61696c017504746573740000060001c011000600010000012c0026026e73c0110a686f73746d6173746572c01100',
  '00000100000e1000000258000151800000012c00002904d0000080000000',
);

describe('encodeQuery', () => {
  it('asks one question with RD, and with DO and AD when DNSSEC is wanted', () => {
    const query = encodeQuery({ id: 0xbeef, name: 'Mail.Example.com.', type: RR_TYPE.TLSA, dnssecOk: true });
    const parsed = parseMessage(query);
    expect(parsed).toMatchObject({
      id: 0xbeef,
      flags: { response: false, recursionDesired: true, authenticData: true },
      questions: [{ name: 'mail.example.com', type: 52, class: 1 }],
      answers: [],
      edns: { udpSize: 1232, version: 0, dnssecOk: true },
    });
    expect(parseMessage(encodeQuery({ id: 1, name: 'example.com', type: RR_TYPE.SOA })).edns?.dnssecOk).toBe(false);
  });

  it('refuses names a query cannot carry', () => {
    expect(() => encodeName(`${'a'.repeat(64)}.example.com`)).toThrow(DnsMessageError);
    expect(() => encodeName('a..example.com')).toThrow(/empty label/);
    expect(() => encodeName(Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.'))).toThrow(/longer than 255/);
    expect(encodeName('')).toEqual(Buffer.from([0]));
  });
});

describe('parseMessage on recorded Knot answers', () => {
  it('reads a signed TLSA answer behind a CNAME: compressed names, the TLSA data, what each RRSIG covers', () => {
    const message = parseMessage(SIGNED_TLSA);
    expect(message).toMatchObject({
      id: 0x1234,
      rcode: RCODE.NOERROR,
      flags: { response: true, authoritative: true, authenticData: false, truncated: false },
      questions: [{ name: '_25._tcp.alias.s.test', type: RR_TYPE.TLSA }],
      edns: { dnssecOk: true },
    });
    expect(message.answers.map((r) => [r.name, r.type, rrsigTypeCovered(r)])).toEqual([
      ['_25._tcp.alias.s.test', RR_TYPE.CNAME, undefined],
      ['_25._tcp.mail.s.test', RR_TYPE.TLSA, undefined],
      ['_25._tcp.alias.s.test', RR_TYPE.RRSIG, RR_TYPE.CNAME],
      ['_25._tcp.mail.s.test', RR_TYPE.RRSIG, RR_TYPE.TLSA],
    ]);
    const [cname, tlsa] = message.answers;
    expect(cnameTarget(SIGNED_TLSA, cname!)).toBe('_25._tcp.mail.s.test');
    expect(parseTlsaData(tlsa!.data)).toEqual({
      usage: 3,
      selector: 1,
      matchingType: 1,
      data: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    });
  });

  it('reads NXDOMAIN with its signed denial in the authority section', () => {
    const message = parseMessage(SIGNED_NXDOMAIN);
    expect(message.rcode).toBe(RCODE.NXDOMAIN);
    expect(message.answers).toEqual([]);
    expect(message.authority.map((r) => rrsigTypeCovered(r) ?? r.type)).toEqual([
      RR_TYPE.SOA,
      47,
      47,
      RR_TYPE.SOA,
      47,
      47,
    ]);
  });

  it('reads an unsigned NODATA answer: no RRSIG anywhere, DO echoed', () => {
    const message = parseMessage(UNSIGNED_NODATA);
    expect(message.rcode).toBe(RCODE.NOERROR);
    expect([...message.answers, ...message.authority].map((r) => r.type)).toEqual([RR_TYPE.SOA]);
    expect(message.additional).toEqual([]);
    expect(message.edns).toEqual({ udpSize: 1232, version: 0, dnssecOk: true });
  });
});

describe('parseMessage on malformed input', () => {
  it('refuses a cut header, a record running past the end, and a cut message', () => {
    expect(() => parseMessage(SIGNED_TLSA.subarray(0, 11))).toThrow(/no complete header/);
    expect(() => parseMessage(SIGNED_TLSA.subarray(0, SIGNED_TLSA.length - 5))).toThrow(DnsMessageError);
    const lying = Buffer.from(UNSIGNED_NODATA);
    lying.writeUInt16BE(9, 6);
    expect(() => parseMessage(lying)).toThrow(/runs past the end/);
  });

  it('refuses compression pointers that loop or point forwards', () => {
    const self = Buffer.concat([Buffer.alloc(12), Buffer.from([0xc0, 12])]);
    expect(() => readName(self, { offset: 12 })).toThrow(/does not point backwards/);
    const forward = Buffer.concat([Buffer.alloc(12), Buffer.from([0xc0, 14, 0])]);
    expect(() => readName(forward, { offset: 12 })).toThrow(/does not point backwards/);
  });

  it('writes label bytes that are not letters, digits, - or _ as \\DDD, so no control character reaches a terminal', () => {
    const wire = Buffer.from([4, 0x1b, 0x5b, 0x32, 0x4a, 3, 0x41, 0x2e, 0x62, 0]);
    expect(readName(wire, { offset: 0 })).toBe('\\027\\0912j.a\\046b');
  });
});
