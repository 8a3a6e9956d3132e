import type { Socket } from 'node:net';

/** The plaintext part of SMTP (RFC 3207) and IMAP (RFC 3501 §6.2.1) STARTTLS, spoken over a connected socket. */

export type StarttlsProtocol = 'smtp' | 'imap';

/** A failed step: what the server said (raw: the caller sanitizes it before printing). */
export class StarttlsError extends Error {
  override name = 'StarttlsError';
}

const MAX_REPLY_BYTES = 64 * 1024;

/** Reads CRLF lines from a socket until a reply is complete; `detach()` hands the socket over untouched. */
class ReplyReader {
  private buffer = '';
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.buffer += chunk.toString('latin1');
    if (this.buffer.length > MAX_REPLY_BYTES)
      this.failure = new StarttlsError(`the server sent more than ${MAX_REPLY_BYTES} bytes without ending its reply`);
    this.waiting?.();
  };
  private readonly onEnd = (): void => {
    this.failure ??= new StarttlsError('the server closed the connection');
    this.waiting?.();
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
  }

  /** The lines of one reply; `last` tells the line that ends it. */
  async reply(last: (line: string) => boolean): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end >= 0) {
        const line = this.buffer.slice(0, end).replace(/\r$/, '');
        this.buffer = this.buffer.slice(end + 1);
        lines.push(line);
        if (last(line)) return lines;
        continue;
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  /** Whatever came after the last reply: data sent before the handshake is a STARTTLS injection attempt. */
  detach(): string {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    return this.buffer;
  }
}

const smtpLast = (line: string): boolean => !/^\d{3}-/.test(line);

/** Runs the dialog up to the server's go-ahead; resolves to the greeting. The socket is then ready for the handshake. */
export async function negotiateStarttls(socket: Socket, protocol: StarttlsProtocol, ehloName: string): Promise<string> {
  const reader = new ReplyReader(socket);
  const greeting = await (protocol === 'smtp' ? smtpStarttls(socket, reader, ehloName) : imapStarttls(socket, reader));
  const injected = reader.detach();
  if (injected.length > 0) throw new StarttlsError('the server sent data after agreeing to STARTTLS, before the handshake');
  return greeting;
}

async function smtpStarttls(socket: Socket, reader: ReplyReader, ehloName: string): Promise<string> {
  const greeting = await reader.reply(smtpLast);
  if (!greeting.at(-1)?.startsWith('220')) throw new StarttlsError(`the server greeted with ${quote(greeting)}`);
  socket.write(`EHLO ${ehloName}\r\n`);
  const ehlo = await reader.reply(smtpLast);
  if (!ehlo.at(-1)?.startsWith('250')) throw new StarttlsError(`EHLO was answered ${quote(ehlo)}`);
  if (!ehlo.some((line) => /^250[- ]STARTTLS\b/i.test(line))) throw new StarttlsError('the server does not offer STARTTLS');
  socket.write('STARTTLS\r\n');
  const go = await reader.reply(smtpLast);
  if (!go.at(-1)?.startsWith('220')) throw new StarttlsError(`STARTTLS was answered ${quote(go)}`);
  return greeting.join('\n');
}

async function imapStarttls(socket: Socket, reader: ReplyReader): Promise<string> {
  const greeting = await reader.reply(() => true);
  if (!/^\* OK\b/i.test(greeting[0] ?? '')) throw new StarttlsError(`the server greeted with ${quote(greeting)}`);
  socket.write('m1 STARTTLS\r\n');
  const answer = await reader.reply((line) => line.startsWith('m1 '));
  if (!/^m1 OK\b/i.test(answer.at(-1) ?? '')) throw new StarttlsError(`STARTTLS was answered ${quote(answer)}`);
  return greeting.join('\n');
}

function quote(lines: string[]): string {
  return `"${lines.join(' / ').slice(0, 200)}"`;
}
