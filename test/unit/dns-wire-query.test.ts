import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RR_TYPE } from '../../src/dms/dns-message.js';
import { dnssecAnswer, tlsaAnswer, type AskWire } from '../../src/services/dns/wire-lookups.js';
import { wireQuery, wireServer, type WireServer } from '../../src/services/dns/wire-query.js';

/**
 * The wire client against DNS servers on loopback that misbehave on purpose (real UDP and TCP sockets): answers with
 * another ID or question are ignored, a truncated answer is asked again over TCP, silence ends in TIMEOUT.
 */

const TLSA_DATA = 'aa'.repeat(32);

/** The question of a query (name, type, class), without its OPT record. */
function questionOf(query: Buffer): Buffer {
  let offset = 12;
  while ((query[offset] ?? 0) !== 0) offset += (query[offset] ?? 0) + 1;
  return query.subarray(12, offset + 5);
}

interface Reply {
  id?: number;
  question?: Buffer;
  rcode?: number;
  truncated?: boolean;
  /** Adds an OPT record echoing DO (a DNSSEC-aware resolver). */
  edns?: boolean;
  /** A TLSA 3 1 1 record for the question's name. */
  tlsa?: boolean;
}

function reply(query: Buffer, spec: Reply): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(spec.id ?? query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8000 | 0x0100 | (spec.truncated ? 0x0200 : 0) | (spec.rcode ?? 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(spec.tlsa ? 1 : 0, 6);
  header.writeUInt16BE(spec.edns ? 1 : 0, 10);
  const answer = spec.tlsa
    ? Buffer.concat([Buffer.from([0xc0, 12, 0, RR_TYPE.TLSA, 0, 1, 0, 0, 1, 0, 0, 35, 3, 1, 1]), Buffer.from(TLSA_DATA, 'hex')])
    : Buffer.alloc(0);
  const opt = spec.edns ? Buffer.from([0, 0, 41, 4, 0xd0, 0, 0, 0x80, 0, 0, 0]) : Buffer.alloc(0);
  return Buffer.concat([header, spec.question ?? questionOf(query), answer, opt]);
}

type Handler = (query: Buffer) => Buffer[];

const sockets: Socket[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A UDP server answering each query with the handler's datagrams, in order; and a TCP one on the same port if given. */
async function fakeDns(udp: Handler, tcp?: Handler): Promise<WireServer> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.on('message', (query, peer) => {
    for (const datagram of udp(query)) socket.send(datagram, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  if (tcp) {
    const server = createServer((connection) => {
      connection.once('data', (framed: Buffer) => {
        for (const message of tcp(framed.subarray(2))) {
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(message.length);
          connection.write(Buffer.concat([prefix, message]));
        }
        connection.end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  }
  return { address: '127.0.0.1', port };
}

const askOf =
  (server: WireServer, timeoutMs = 2000, tries = 1): AskWire =>
  (name, type) =>
    wireQuery(server, name, type, { timeoutMs, tries });

describe('wireQuery', () => {
  it('ignores answers with another ID or another question, and takes the one that answers the query', async () => {
    const server = await fakeDns((query) => [
      reply(query, { id: (query.readUInt16BE(0) + 1) & 0xffff, rcode: 5, edns: true }),
      reply(query, { question: Buffer.from('04746573740000340001', 'hex'), rcode: 5, edns: true }),
      Buffer.from('not a DNS message'),
      reply(query, { tlsa: true, edns: true }),
    ]);
    const result = await wireQuery(server, '_25._tcp.mail.example.test', RR_TYPE.TLSA, { timeoutMs: 2000, tries: 1 });
    expect(result).toMatchObject({
      kind: 'message',
      transport: 'udp',
      message: { rcode: 0, answers: [{ name: '_25._tcp.mail.example.test', type: RR_TYPE.TLSA }] },
    });
  });

  it('asks again over TCP when the UDP answer is truncated', async () => {
    const server = await fakeDns(
      (query) => [reply(query, { truncated: true, edns: true })],
      (query) => [reply(query, { tlsa: true, edns: true })],
    );
    const result = await wireQuery(server, '_25._tcp.mail.example.test', RR_TYPE.TLSA, { timeoutMs: 2000, tries: 1 });
    expect(result).toMatchObject({ kind: 'message', transport: 'tcp' });
    expect(await tlsaAnswer(askOf(server), '_25._tcp.mail.example.test')).toEqual({
      kind: 'records',
      records: [{ usage: 3, selector: 1, matchingType: 1, data: TLSA_DATA }],
    });
  });

  it('rejects a TCP answer to another query', async () => {
    const server = await fakeDns(
      (query) => [reply(query, { truncated: true })],
      (query) => [reply(query, { id: (query.readUInt16BE(0) + 1) & 0xffff, tlsa: true })],
    );
    expect(await wireQuery(server, 'example.test', RR_TYPE.TLSA, { timeoutMs: 2000, tries: 1 })).toMatchObject({
      kind: 'error',
      code: 'BADRESP',
    });
  });

  it('answers TIMEOUT after every try when the server stays silent, asking once per try', async () => {
    let asked = 0;
    const server = await fakeDns(() => {
      asked += 1;
      return [];
    });
    expect(await wireQuery(server, 'example.test', RR_TYPE.SOA, { timeoutMs: 150, tries: 2 })).toMatchObject({ kind: 'error', code: 'TIMEOUT' });
    expect(asked).toBe(2);
  });

  it('answers BADNAME for a name no query can carry, without sending anything', async () => {
    let asked = 0;
    const server = await fakeDns(() => {
      asked += 1;
      return [];
    });
    expect(await wireQuery(server, `${'x'.repeat(64)}.test`, RR_TYPE.TLSA, { timeoutMs: 150, tries: 1 })).toMatchObject({ code: 'BADNAME' });
    expect(asked).toBe(0);
  });
});

describe('wire lookups', () => {
  it('classifies RCODEs: NXDOMAIN and NODATA are void, SERVFAIL and REFUSED unknown', async () => {
    const rcodes = new Map([
      ['nx.test', 3],
      ['nodata.test', 0],
      ['servfail.test', 2],
      ['refused.test', 5],
    ]);
    const server = await fakeDns((query) => {
      const name = questionOf(query).subarray(0, -4);
      const text = [];
      for (let i = 0; (name[i] ?? 0) !== 0; i += (name[i] ?? 0) + 1) text.push(name.subarray(i + 1, i + 1 + (name[i] ?? 0)).toString());
      return [reply(query, { rcode: rcodes.get(text.join('.')) ?? 0, edns: true })];
    });
    const ask = askOf(server);
    expect(await tlsaAnswer(ask, 'nx.test')).toEqual({ kind: 'void', code: 'NXDOMAIN' });
    expect(await tlsaAnswer(ask, 'nodata.test')).toEqual({ kind: 'void', code: 'NODATA' });
    expect(await tlsaAnswer(ask, 'servfail.test')).toMatchObject({ kind: 'unknown', code: 'SERVFAIL' });
    expect(await dnssecAnswer(ask, 'refused.test')).toMatchObject({ kind: 'unknown', code: 'REFUSED' });
    expect(await dnssecAnswer(ask, 'nodata.test')).toEqual({ kind: 'status', signed: false, authenticated: false });
  });

  it('cannot tell the DNSSEC status through a resolver that drops the DO bit', async () => {
    const server = await fakeDns((query) => [reply(query, {})]);
    expect(await dnssecAnswer(askOf(server), 'example.test')).toMatchObject({ kind: 'unknown', code: 'NODNSSEC' });
  });
});

describe('wireServer', () => {
  it.each([
    ['10.255.255.53', { address: '10.255.255.53', port: 53 }],
    ['127.0.0.1:5353', { address: '127.0.0.1', port: 5353 }],
    ['::1', { address: '::1', port: 53 }],
    ['[2001:db8::1]:5353', { address: '2001:db8::1', port: 5353 }],
    ['localhost:53', undefined],
    ['127.0.0.1:0', undefined],
    ['', undefined],
  ])('reads %j', (spec, server) => {
    expect(wireServer(spec)).toEqual(server);
  });
});
