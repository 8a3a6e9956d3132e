import { createHash, type X509Certificate } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFullCheck, type FullReport } from '../../src/services/check/run-all.js';
import type { ServerFacts } from '../../src/services/check/server-facts.js';
import type { CheckResult } from '../../src/services/dns/check-result.js';
import { createNodeResolver, type DnsResolver } from '../../src/services/dns/resolver.js';
import { runChecks } from '../../src/services/dns/run-checks.js';
import { byId } from '../support/dns-fixtures.js';
import {
  startAuthoritativeDns,
  startValidatingResolver,
  type AuthoritativeDns,
  type TestZone,
  type ValidatingResolver,
} from '../support/dns-server.js';
import { makeCa, makeCertificate } from '../support/tls-certs.js';

/**
 * DANE and DNSSEC end to end: zones signed by Knot on loopback, a validating Unbound in front of it that trusts
 * dane.test's keys (not unanchored.test's), and an SMTP server on 127.0.0.1 offering STARTTLS with a certificate
 * from a test CA. `mailwiz check` (runFullCheck) reads TLSA records over the wire and compares them with the
 * certificate port 25 served: a matching DANE-EE or DANE-TA record passes, a wrong one fails, one in an unsigned zone
 * fails, and a signed zone nobody vouches for is "not validated".
 */

const ca = makeCa('DANE test CA');
const HOSTS = ['mail.dane.test', 'wrong.dane.test', 'ta.dane.test', 'plain.dane.test', 'mail.bare.test', 'mail.unanchored.test'];
const leaf = makeCertificate({ names: HOSTS, issuer: ca });

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const spki = (cert: X509Certificate): Buffer => cert.publicKey.export({ type: 'spki', format: 'der' });
const LEAF_TLSA = `3 1 1 ${sha256(spki(leaf.cert))}`;
const CA_TLSA = `2 0 1 ${sha256(ca.cert.raw)}`;
const OTHER_TLSA = `3 1 1 ${sha256(spki(makeCertificate({ names: ['mail.dane.test'] }).cert))}`;
/** More TLSA records than fit in a 1232-byte UDP answer: Knot truncates, the client asks again over TCP. */
const MANY_TLSA = Array.from({ length: 24 }, (_, i) => `_25._tcp.many TLSA 3 0 2 ${createHash('sha512').update(String(i)).digest('hex')}`);

const zones: TestZone[] = [
  {
    origin: 'dane.test',
    signed: true,
    records: [
      'mail A 127.0.0.1',
      `_25._tcp.mail TLSA ${LEAF_TLSA}`,
      `_25._tcp.mail TLSA ${OTHER_TLSA}`,
      'wrong A 127.0.0.1',
      `_25._tcp.wrong TLSA ${OTHER_TLSA}`,
      'ta A 127.0.0.1',
      `_25._tcp.ta TLSA ${CA_TLSA}`,
      'plain A 127.0.0.1',
      ...MANY_TLSA,
      '@ MX 10 mail.dane.test.',
    ].join('\n'),
  },
  { origin: 'bare.test', records: ['mail A 127.0.0.1', `_25._tcp.mail TLSA ${LEAF_TLSA}`].join('\n') },
  { origin: 'unanchored.test', signed: true, records: ['mail A 127.0.0.1', `_25._tcp.mail TLSA ${LEAF_TLSA}`].join('\n') },
];

/** Just enough SMTP to offer STARTTLS (RFC 3207), then TLS with the leaf and its CA. */
function startSmtp(): Promise<Server> {
  const greet = (socket: Socket): void => {
    socket.write('220 mail.dane.test ESMTP test\r\n');
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const command = buffer.slice(0, end).trim().toUpperCase();
        buffer = buffer.slice(end + 1);
        if (command.startsWith('EHLO')) socket.write('250-mail.dane.test\r\n250 STARTTLS\r\n');
        else if (command === 'STARTTLS') {
          socket.off('data', onData);
          socket.write('220 ready\r\n', () => {
            const secure = new TLSSocket(socket, { isServer: true, key: leaf.keyPem, cert: leaf.certPem + ca.certPem });
            secure.on('data', () => secure.end('221 bye\r\n'));
            secure.on('error', () => secure.destroy());
          });
          return;
        } else socket.write('502 no\r\n');
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  };
  const server = createServer(greet);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let dns: AuthoritativeDns;
let unbound: ValidatingResolver;
let smtp: Server;
const log = (line: string): void => void process.stderr.write(`[dane] ${line}\n`);

beforeAll(async () => {
  dns = await startAuthoritativeDns(zones, log);
  unbound = await startValidatingResolver(dns, ['dane.test'], log);
  smtp = await startSmtp();
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => smtp?.close(resolve));
  await unbound?.stop();
  await dns?.stop();
});

const resolverAt = (server: string): DnsResolver => createNodeResolver({ server, timeoutMs: 2000, tries: 1 });

/** `mailwiz check` of a server named `fqdn` whose port 25 is the test SMTP server. */
async function fullCheck(fqdn: string, server = unbound.server): Promise<FullReport> {
  const address = smtp.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const facts: ServerFacts = {
    fqdn,
    domains: [fqdn.split('.').slice(1).join('.')],
    dkim: {},
    sslType: 'manual',
    ports: [{ containerPort: 25, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port }],
    renewal: { renewers: [], certbotConfig: false },
  };
  return runFullCheck(facts, {
    resolver: resolverAt(server),
    dnsbls: [],
    ips: ['127.0.0.1'],
    trustedCAs: [ca.certPem],
    timeoutMs: 5000,
    fetchPolicy: (url) => Promise.reject(new Error(`${url}: not fetched in this test`)),
  });
}

function daneGroup(report: FullReport): Record<string, CheckResult> {
  const group = report.groups.find((g) => g.kind === 'dane');
  expect(group?.title).toBe(`DANE for ${report.fqdn} (port 25)`);
  return byId(group?.results ?? []);
}

const statuses = (results: Record<string, CheckResult>): Record<string, string> =>
  Object.fromEntries(Object.entries(results).map(([id, r]) => [id, r.status]));

describe('DANE through a validating resolver', () => {
  it('passes a TLSA record matching the served key in a signed zone the resolver validated', async () => {
    const dane = daneGroup(await fullCheck('mail.dane.test'));
    expect(statuses(dane)).toEqual({ 'dane.tlsa': 'pass', 'dnssec.signed': 'pass', 'dnssec.validated': 'pass', 'dane.match': 'pass' });
    expect(dane['dane.tlsa']?.summary).toBe('_25._tcp.mail.dane.test publishes 2 TLSA records in a signed zone');
    expect(dane['dane.match']?.summary).toBe(`the certificate on port 25 matches TLSA ${LEAF_TLSA.slice(0, 23)}…`);
  });

  it('passes a DANE-TA record naming the CA of the served chain', async () => {
    expect(daneGroup(await fullCheck('ta.dane.test'))['dane.match']).toMatchObject({
      status: 'pass',
      summary: `the certificate on port 25 matches TLSA ${CA_TLSA.slice(0, 23)}…`,
    });
  });

  it('fails a TLSA record that does not match, and shows the one that would', async () => {
    const report = await fullCheck('wrong.dane.test');
    const match = daneGroup(report)['dane.match'];
    expect(match).toMatchObject({
      status: 'fail',
      summary: 'no TLSA record at _25._tcp.wrong.dane.test matches the certificate served on port 25: senders using DANE will not deliver',
    });
    expect(match?.detail).toBe(`the served certificate's key: _25._tcp.wrong.dane.test. TLSA ${LEAF_TLSA}`);
    expect(report.exitStatus).toBe(2);
  });

  it('fails TLSA records in an unsigned zone, though they match', async () => {
    const dane = daneGroup(await fullCheck('mail.bare.test'));
    expect(dane['dane.tlsa']).toMatchObject({
      status: 'fail',
      summary: 'TLSA without DNSSEC is ignored by senders: _25._tcp.mail.bare.test has TLSA records in an unsigned zone',
    });
    expect(statuses(dane)).toEqual({ 'dane.tlsa': 'fail', 'dnssec.signed': 'pass', 'dane.match': 'pass' });
  });

  it('warns that a signed zone without a chain of trust was not validated', async () => {
    const dane = daneGroup(await fullCheck('mail.unanchored.test'));
    expect(statuses(dane)).toEqual({ 'dane.tlsa': 'pass', 'dnssec.signed': 'pass', 'dnssec.validated': 'warn', 'dane.match': 'pass' });
  });

  it('passes a host without TLSA records: DANE is optional', async () => {
    const dane = daneGroup(await fullCheck('plain.dane.test'));
    expect(dane['dane.tlsa']).toMatchObject({ status: 'pass', summary: 'DANE is not published (no TLSA at _25._tcp.plain.dane.test); it is optional' });
  });
});

describe('DNSSEC as an authoritative server answers it', () => {
  it('sees the signatures but no AD flag: Knot does not validate', async () => {
    const dane = daneGroup(await fullCheck('mail.dane.test', dns.server));
    expect(statuses(dane)).toEqual({ 'dane.tlsa': 'pass', 'dnssec.signed': 'pass', 'dnssec.validated': 'warn', 'dane.match': 'pass' });
  });

  it('reads a TLSA set too large for UDP over TCP', async () => {
    const answer = await resolverAt(dns.server).resolveTlsa('_25._tcp.many.dane.test');
    expect(answer.kind === 'records' && answer.records.length).toBe(MANY_TLSA.length);
  });

  it("reports each mail domain's signatures in the DNS checks", async () => {
    const report = await runChecks({ domains: ['dane.test', 'bare.test'], fqdn: 'mail.dane.test' }, { resolver: resolverAt(unbound.server), dnsbls: [] });
    const [signed, bare] = report.domains.map((d) => byId(d.results.filter((r) => r.id.startsWith('dnssec.'))));
    expect(statuses(signed ?? {})).toEqual({ 'dnssec.signed': 'pass', 'dnssec.validated': 'pass' });
    expect(bare?.['dnssec.signed']).toMatchObject({ status: 'pass', summary: 'bare.test is not DNSSEC-signed (it is optional; DANE for mail needs it)' });
  });
});
