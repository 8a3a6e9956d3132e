import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordedResolver } from '../../src/services/dns/recorded-resolver.js';
import { classifyDnsError, createNodeResolver, parseResolverAddress, withCache } from '../../src/services/dns/resolver.js';
import { IPV4 } from '../support/dns-fixtures.js';

describe('parseResolverAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.1:5353', '127.0.0.1:5353'],
    [' ::1 ', '::1'],
    ['[::1]:5353', '[::1]:5353'],
  ])('accepts %s', (spec, server) => {
    expect(parseResolverAddress(spec)).toBe(server);
  });

  it.each(['localhost:53', '127.0.0.1:99999', '[127.0.0.1]:53', '::1]:53', '1.2.3.4:', ''])('refuses %j', (spec) => {
    expect(() => parseResolverAddress(spec)).toThrow(/is not IP\[:PORT\]/);
  });
});

describe('classifyDnsError', () => {
  it('makes NXDOMAIN and NODATA void, and the rest unknown', () => {
    const error = (code: string): Error => Object.assign(new Error(`query ${code}`), { code });
    expect(classifyDnsError(error('ENOTFOUND'))).toEqual({ kind: 'void', code: 'NXDOMAIN' });
    expect(classifyDnsError(error('ENODATA'))).toEqual({ kind: 'void', code: 'NODATA' });
    expect(classifyDnsError(error('ESERVFAIL'))).toMatchObject({ kind: 'unknown', code: 'SERVFAIL' });
    expect(classifyDnsError(error('EREFUSED'))).toMatchObject({ kind: 'unknown', code: 'REFUSED' });
    expect(classifyDnsError(error('ETIMEOUT'))).toMatchObject({ kind: 'unknown', code: 'TIMEOUT', message: 'query ETIMEOUT' });
    expect(classifyDnsError('boom')).toEqual({ kind: 'unknown', code: 'ERROR', message: 'boom' });
  });
});

describe('RecordedResolver', () => {
  const resolver = new RecordedResolver({
    'example.com': { MX: [{ exchange: 'mail.example.com', priority: 10 }], TXT: ['one', ['two', ' parts']] },
    'www.example.com': { CNAME: 'web.example.net' },
    'web.example.net': { A: ['198.51.100.1'] },
    '10.2.0.192.in-addr.arpa': { PTR: ['mail.example.com'] },
    'broken.example.com': 'SERVFAIL',
  });

  it('answers like a recursive resolver: NXDOMAIN, NODATA, CNAMEs followed, failures kept', async () => {
    expect(await resolver.resolve4('nowhere.example.com')).toEqual({ kind: 'void', code: 'NXDOMAIN' });
    expect(await resolver.resolve4('Example.COM.')).toEqual({ kind: 'void', code: 'NODATA' });
    expect(await resolver.resolve4('www.example.com')).toEqual({ kind: 'records', records: ['198.51.100.1'] });
    expect(await resolver.resolveCname('www.example.com')).toEqual({ kind: 'records', records: ['web.example.net'] });
    expect(await resolver.resolveCname('example.com')).toEqual({ kind: 'void', code: 'NODATA' });
    expect(await resolver.resolveTxt('example.com')).toEqual({ kind: 'records', records: [['one'], ['two', ' parts']] });
    expect(await resolver.reverse(IPV4)).toEqual({ kind: 'records', records: ['mail.example.com'] });
    expect(await resolver.resolveSrv('broken.example.com')).toMatchObject({ kind: 'unknown', code: 'SERVFAIL' });
    expect(resolver.queries).toContain('PTR 10.2.0.192.in-addr.arpa');
  });
});

describe('withCache', () => {
  it('asks each (type, name) once', async () => {
    const inner = new RecordedResolver({ 'example.com': { A: [IPV4] } });
    const cached = withCache(inner);
    await Promise.all([cached.resolve4('example.com'), cached.resolve4('EXAMPLE.com.'), cached.resolve6('example.com')]);
    expect(inner.queries).toEqual(['A example.com', 'AAAA example.com']);
    expect(cached.label).toBe(inner.label);
  });
});

/** A DNS server on loopback that answers every query with one RCODE, or not at all. */
async function fakeServer(rcode: number | 'silent'): Promise<{ port: number; socket: Socket }> {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (rcode === 'silent') return;
    const reply = Buffer.from(query);
    reply[2] = (reply[2] ?? 0) | 0x80;
    reply[3] = ((reply[3] ?? 0) & 0x70) | 0x80 | rcode;
    reply.fill(0, 6, 12);
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, socket };
}

describe('createNodeResolver', () => {
  let socket: Socket | undefined;
  afterEach(() => socket?.close());

  it.each([
    [2, 'SERVFAIL'],
    [5, 'REFUSED'],
  ] as const)('classifies RCODE %i as unknown %s', async (rcode, code) => {
    const server = await fakeServer(rcode);
    socket = server.socket;
    const resolver = createNodeResolver({ server: `127.0.0.1:${server.port}`, timeoutMs: 1000, tries: 1 });
    expect(resolver.label).toBe(`127.0.0.1:${server.port}`);
    expect(await resolver.resolveTxt('example.com')).toMatchObject({ kind: 'unknown', code });
  });

  it('gives up after the per-query timeout and answers unknown TIMEOUT', async () => {
    const server = await fakeServer('silent');
    socket = server.socket;
    const resolver = createNodeResolver({ server: `127.0.0.1:${server.port}`, timeoutMs: 300, tries: 1 });
    const started = Date.now();
    expect(await resolver.resolveMx('example.com')).toMatchObject({ kind: 'unknown', code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
