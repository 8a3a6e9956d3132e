import type { Socket } from 'node:net';
import { sanitizeForTerminal } from '../../dms/terminal-text.js';

/**
 * The plaintext part of SMTP (RFC 3207), IMAP (RFC 3501 §6.2.1) and POP3 (RFC 2595 §4, `STLS`) STARTTLS, spoken over
 * a connected socket.
 */

export type StarttlsProtocol = 'smtp' | 'imap' | 'pop3';

/** A failed step; what the server said is quoted shortened and stripped of control characters. */
export class StarttlsError extends Error {
  override name = 'StarttlsError';
}

// SMTP and POP3 allow 512 bytes a line (RFC 5321 §4.5.3.1.5, RFC 2449 §4): a server far beyond that is not one.
const MAX_LINE_BYTES = 8 * 1024;
const MAX_REPLY_BYTES = 64 * 1024;

/** Reads CRLF lines from a socket until a reply is complete; `detach()` hands the socket over untouched. */
class ReplyReader {
  private buffer = '';
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer): void => {
    if (this.buffer.length <= MAX_REPLY_BYTES) this.buffer += chunk.toString('latin1');
    else this.failure ??= new StarttlsError(`the server sent more than ${MAX_REPLY_BYTES} bytes at once`);
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
    let size = 0;
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end >= 0) {
        if (end > MAX_LINE_BYTES) throw new StarttlsError(`the server sent a line longer than ${MAX_LINE_BYTES} bytes`);
        size += end + 1;
        if (size > MAX_REPLY_BYTES) throw new StarttlsError(`the server sent more than ${MAX_REPLY_BYTES} bytes without ending its reply`);
        const line = this.buffer.slice(0, end).replace(/\r$/, '');
        this.buffer = this.buffer.slice(end + 1);
        lines.push(line);
        if (last(line)) return lines;
        continue;
      }
      if (this.buffer.length > MAX_LINE_BYTES) throw new StarttlsError(`the server sent a line longer than ${MAX_LINE_BYTES} bytes`);
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

const DIALOGS: Readonly<Record<StarttlsProtocol, (socket: Socket, reader: ReplyReader, ehloName: string) => Promise<string>>> = {
  smtp: smtpStarttls,
  imap: imapStarttls,
  pop3: pop3Starttls,
};

/** Runs the dialog up to the server's go-ahead; resolves to the greeting. The socket is then ready for the handshake. */
export async function negotiateStarttls(socket: Socket, protocol: StarttlsProtocol, ehloName: string): Promise<string> {
  const reader = new ReplyReader(socket);
  const greeting = await DIALOGS[protocol](socket, reader, ehloName);
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

/** POP3 replies are one line, `+OK …` or `-ERR …`. */
async function pop3Starttls(socket: Socket, reader: ReplyReader): Promise<string> {
  const greeting = await reader.reply(() => true);
  if (!/^\+OK\b/.test(greeting[0] ?? '')) throw new StarttlsError(`the server greeted with ${quote(greeting)}`);
  socket.write('STLS\r\n');
  const answer = await reader.reply(() => true);
  if (!/^\+OK\b/.test(answer[0] ?? '')) throw new StarttlsError(`STLS was answered ${quote(answer)}`);
  return greeting.join('\n');
}

function quote(lines: string[]): string {
  return `"${sanitizeForTerminal(lines.join(' / ').slice(0, 200))}"`;
}
