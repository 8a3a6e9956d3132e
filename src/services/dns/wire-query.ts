import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect, isIP } from 'node:net';
import { DnsMessageError, encodeQuery, parseMessage, type DnsMessage } from '../../dms/dns-message.js';
import { normalName } from '../../dms/dns-name.js';

/**
 * One DNS query on the wire, for what Node's resolver cannot ask: TLSA records and DNSSEC (the DO bit, RRSIGs and
 * the AD flag). UDP first, TCP when the answer is truncated. Only an answer from the server, with the query's ID and
 * question, is accepted; anything else on the socket is ignored until the timeout.
 */

export interface WireServer {
  address: string;
  port: number;
}

export interface WireQueryOptions {
  /** How long to wait for each try. */
  timeoutMs: number;
  /** How many UDP tries before answering TIMEOUT. */
  tries: number;
}

export type WireResult =
  { kind: 'message'; message: DnsMessage; raw: Buffer; transport: 'udp' | 'tcp' } | { kind: 'error'; code: string; message: string };

/** The largest DNS message: TCP's two-byte length prefix. */
const MAX_MESSAGE_BYTES = 65_535;

export async function wireQuery(server: WireServer, name: string, type: number, options: WireQueryOptions): Promise<WireResult> {
  const id = randomInt(0x10000);
  let query: Buffer;
  try {
    query = encodeQuery({ id, name, type, dnssecOk: true });
  } catch (error) {
    return { kind: 'error', code: 'BADNAME', message: error instanceof Error ? error.message : String(error) };
  }
  const expected = { id, name: normalName(name), type };
  let result: WireResult = { kind: 'error', code: 'TIMEOUT', message: `${server.address} did not answer` };
  for (let attempt = 0; attempt < Math.max(1, options.tries); attempt += 1) {
    result = await udpExchange(server, query, expected, options.timeoutMs);
    if (result.kind === 'message' && result.message.flags.truncated) return tcpExchange(server, query, expected, options.timeoutMs);
    if (result.kind === 'message' || result.code !== 'TIMEOUT') return result;
  }
  return result;
}

interface Expected {
  id: number;
  name: string;
  type: number;
}

/** The message when it answers our query (ID, question), else undefined. */
function answerTo(raw: Buffer, expected: Expected): DnsMessage | undefined {
  try {
    const message = parseMessage(raw);
    const [question] = message.questions;
    const ours = message.flags.response && message.id === expected.id && message.questions.length === 1;
    return ours && question?.name === expected.name && question.type === expected.type ? message : undefined;
  } catch (error) {
    if (error instanceof DnsMessageError) return undefined;
    throw error;
  }
}

function udpExchange(server: WireServer, query: Buffer, expected: Expected, timeoutMs: number): Promise<WireResult> {
  return new Promise((resolve) => {
    // A fresh socket per try: a new random source port, and `connect` drops datagrams from anyone but the server.
    const socket = createSocket(isIP(server.address) === 6 ? 'udp6' : 'udp4');
    let done = false;
    const finish = (result: WireResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timeout = `${server.address} did not answer within ${timeoutMs} ms`;
    const timer = setTimeout(() => finish({ kind: 'error', code: 'TIMEOUT', message: timeout }), timeoutMs);
    socket.on('message', (raw) => {
      const message = answerTo(raw, expected);
      if (message) finish({ kind: 'message', message, raw, transport: 'udp' });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', code: socketCode(error), message: error.message }));
    socket.connect(server.port, server.address, () => socket.send(query));
  });
}

function tcpExchange(server: WireServer, query: Buffer, expected: Expected, timeoutMs: number): Promise<WireResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: server.address, port: server.port });
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: WireResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timeout = `${server.address} did not answer over TCP within ${timeoutMs} ms`;
    const timer = setTimeout(() => finish({ kind: 'error', code: 'TIMEOUT', message: timeout }), timeoutMs);
    socket.on('connect', () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.length);
      socket.write(Buffer.concat([prefix, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > MAX_MESSAGE_BYTES + 2) {
        return finish({ kind: 'error', code: 'BADRESP', message: 'the TCP answer is longer than a DNS message' });
      }
      const buffered = Buffer.concat(chunks);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return undefined;
      const raw = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
      const message = answerTo(raw, expected);
      return finish(
        message
          ? { kind: 'message', message, raw, transport: 'tcp' }
          : { kind: 'error', code: 'BADRESP', message: 'the TCP answer does not answer the query' },
      );
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', code: socketCode(error), message: error.message }));
    const closed = `${server.address} closed the TCP connection before answering`;
    socket.on('end', () => finish({ kind: 'error', code: 'BADRESP', message: closed }));
  });
}

function socketCode(error: NodeJS.ErrnoException): string {
  return error.code === 'ECONNREFUSED' ? 'CONNREFUSED' : (error.code ?? 'ERROR');
}

/** A server as `Resolver#getServers` and `--resolver` write it (`IP`, `IP:PORT`, `[IPv6]:PORT`); port 53 by default. */
export function wireServer(spec: string): WireServer | undefined {
  const text = spec.trim();
  if (isIP(text) !== 0) return { address: text, port: 53 };
  const [, address = '', port = ''] = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text) ?? [];
  return isIP(address) !== 0 && Number(port) > 0 && Number(port) < 65_536 ? { address, port: Number(port) } : undefined;
}
