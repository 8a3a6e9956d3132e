import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { negotiateStarttls, StarttlsError } from '../../src/services/tls/starttls.js';

/**
 * The POP3 STLS dialog (RFC 2595 §4) against a scripted server on 127.0.0.1 that sends what Dovecot sends (recorded
 * from the testbed's pop3-login), then what a hostile or broken server could send instead.
 */

const DOVECOT_GREETING = '+OK Dovecot ready.\r\n';
const DOVECOT_STLS = '+OK Begin TLS negotiation now.\r\n';
// What it answers with SSL_TYPE unset (ssl = no).
const DOVECOT_NO_TLS = "-ERR TLS support isn't enabled.\r\n";
// Anything a terminal acts on: C0 (CR/LF included), DEL, C1.
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/**
 * A server that sends `greeting`, then answers each line it receives with `answer(line)` (bytes as latin1; `null`:
 * hang up); what it received is kept.
 */
async function scripted(greeting: string, answer: (line: string) => string | null): Promise<{ client: Socket; received: string[] }> {
  const received: string[] = [];
  server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.write(greeting, 'latin1');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        received.push(line);
        const reply = answer(line);
        if (reply === null) socket.end();
        else socket.write(reply, 'latin1');
      }
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  const client = connect({ host: '127.0.0.1', port: address.port });
  sockets.push(client);
  client.on('error', () => undefined);
  await new Promise((resolve) => client.once('connect', resolve));
  return { client, received };
}

async function failure(promise: Promise<unknown>): Promise<StarttlsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StarttlsError);
  return error as StarttlsError;
}

describe('POP3 STLS', () => {
  it('reads Dovecot’s greeting, sends STLS and nothing else, and hands over the socket on +OK', async () => {
    const { client, received } = await scripted(DOVECOT_GREETING, () => DOVECOT_STLS);
    await expect(negotiateStarttls(client, 'pop3', 'client.example.test')).resolves.toBe('+OK Dovecot ready.');
    expect(received).toEqual(['STLS']);
    expect(client.listenerCount('data')).toBe(0);
  });

  it('fails on -ERR, quoting Dovecot’s answer when TLS is off', async () => {
    const { client } = await scripted(DOVECOT_GREETING, () => DOVECOT_NO_TLS);
    const error = await failure(negotiateStarttls(client, 'pop3', 'client.example.test'));
    expect(error.message).toBe(`STLS was answered "-ERR TLS support isn't enabled."`);
  });

  it('quotes an answer without the control characters it carried', async () => {
    const { client } = await scripted(DOVECOT_GREETING, () => '-ERR \x1b]0;pwned\x07TLS \x1b[2Jdisabled\x9b31m\x00\r\n');
    const error = await failure(negotiateStarttls(client, 'pop3', 'client.example.test'));
    expect(error.message).toBe('STLS was answered "-ERR TLS disabled?"');
    expect(error.message).not.toMatch(CONTROL);
  });

  it('fails on a greeting that is not +OK (an SMTP server on the port), sending nothing', async () => {
    const { client, received } = await scripted('220 mail.example.test ESMTP\r\n', () => '');
    const error = await failure(negotiateStarttls(client, 'pop3', 'client.example.test'));
    expect(error.message).toBe('the server greeted with "220 mail.example.test ESMTP"');
    expect(received).toEqual([]);
  });

  it('refuses data sent after +OK, before the handshake (a STARTTLS injection)', async () => {
    const { client } = await scripted(DOVECOT_GREETING, () => `${DOVECOT_STLS}+OK injected\r\n`);
    const error = await failure(negotiateStarttls(client, 'pop3', 'client.example.test'));
    expect(error.message).toBe('the server sent data after agreeing to STARTTLS, before the handshake');
  });

  it('stops reading a line that never ends, and one that is too long', async () => {
    const endless = await scripted(`+OK ${'x'.repeat(100_000)}`, () => '');
    const error = await failure(negotiateStarttls(endless.client, 'pop3', 'client.example.test'));
    expect(error.message).toBe('the server sent a line longer than 8192 bytes');
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const long = await scripted(`+OK ${'x'.repeat(9000)}\r\n`, () => '');
    expect((await failure(negotiateStarttls(long.client, 'pop3', 'client.example.test'))).message).toBe(
      'the server sent a line longer than 8192 bytes',
    );
  });

  it('fails when the server hangs up instead of answering', async () => {
    const { client } = await scripted(DOVECOT_GREETING, () => null);
    expect((await failure(negotiateStarttls(client, 'pop3', 'client.example.test'))).message).toBe('the server closed the connection');
  });
});
