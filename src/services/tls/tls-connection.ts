import { connect as netConnect, isIP, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { negotiateStarttls, type StarttlsProtocol } from './starttls.js';

/**
 * One TLS connection to a mail port as a sender or a mail client opens it: TCP, the STARTTLS dialog where the port
 * has one, then the handshake with the versions and ciphers the caller offers. Any certificate is accepted: what the
 * server sent is judged afterwards.
 */

/** 465, 993 and 995: TLS from the first byte; 25 and 587: SMTP STARTTLS; 143: IMAP STARTTLS; 110: POP3 STLS. */
export type TlsMode = 'implicit' | 'smtp-starttls' | 'imap-starttls' | 'pop3-starttls';

export interface TlsEndpoint {
  /** Where to connect: an IP address or a name. */
  host: string;
  port: number;
  mode: TlsMode;
  /** The name to ask for (SNI) and to check the certificate against: the server's FQDN. */
  servername: string;
  /** The port on the server (25, 465 …) when `port` is a published one. */
  servicePort?: number;
}

export type ProbeStage = 'connect' | 'starttls' | 'handshake';

export type TlsOffer = Pick<ConnectionOptions, 'minVersion' | 'maxVersion' | 'ciphers'>;

export interface OpenTlsOptions {
  timeoutMs: number;
  /** The EHLO name for SMTP STARTTLS; this machine's host name by default. */
  ehloName?: string | undefined;
  offer: TlsOffer;
}

export type OpenedTls =
  | { ok: true; secure: TLSSocket; /** Says goodbye where the protocol has a word for it, and closes. */ close(): void }
  | {
      ok: false;
      stage: ProbeStage;
      /** OpenSSL's reason (`tlsv1 alert protocol version`) when it gave one, else the error's message. */
      error: string;
      /** `ERR_SSL_…`, `ECONNRESET` …; `ETIMEDOUT` when the time was up. */
      code?: string;
      /** Bytes the server sent during the handshake: none means any TLS error came from this side. */
      serverBytes: number;
    };

/** OpenSSL's own cipher string; level 0 lets it offer (and so report) whatever a server still accepts. */
export const ANY_CIPHER = 'DEFAULT:@SECLEVEL=0';

const STARTTLS: Readonly<Record<TlsMode, StarttlsProtocol | undefined>> = {
  implicit: undefined,
  'smtp-starttls': 'smtp',
  'imap-starttls': 'imap',
  'pop3-starttls': 'pop3',
};

const GOODBYE: Readonly<Partial<Record<StarttlsProtocol, string>>> = { smtp: 'QUIT\r\n', pop3: 'QUIT\r\n' };

export async function openTls(endpoint: TlsEndpoint, options: OpenTlsOptions): Promise<OpenedTls> {
  let stage: ProbeStage = 'connect';
  let timedOut = false;
  let readBeforeHandshake = 0;
  const socket = netConnect({ host: endpoint.host, port: endpoint.port });
  const timer = setTimeout(() => {
    timedOut = true;
    socket.destroy();
  }, options.timeoutMs);
  try {
    await connected(socket);
    // A reset during the dialog surfaces as 'close' to the reader; unheard, the 'error' would end the process.
    socket.on('error', () => undefined);
    const protocol = STARTTLS[endpoint.mode];
    if (protocol) {
      stage = 'starttls';
      await negotiateStarttls(socket, protocol, options.ehloName ?? hostname());
    }
    stage = 'handshake';
    readBeforeHandshake = socket.bytesRead;
    const secure = await handshake(socket, endpoint.servername, options.offer);
    // A reset while closing is of no interest once the handshake is recorded.
    secure.on('error', () => undefined);
    const goodbye = protocol && GOODBYE[protocol];
    return { ok: true, secure, close: () => (goodbye ? secure.end(goodbye) : secure.end()) };
  } catch (error) {
    socket.destroy();
    const serverBytes = stage === 'handshake' ? socket.bytesRead - readBeforeHandshake : 0;
    if (timedOut) return { ok: false, stage, error: `no answer within ${options.timeoutMs} ms`, code: 'ETIMEDOUT', serverBytes };
    const { reason, code, message } = error as { reason?: unknown; code?: unknown; message?: unknown };
    return {
      ok: false,
      stage,
      error: typeof reason === 'string' ? reason : typeof message === 'string' ? message.trim() : String(error),
      ...(typeof code === 'string' ? { code } : {}),
      serverBytes,
    };
  } finally {
    clearTimeout(timer);
  }
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('the connection closed before it was established')));
  });
}

function handshake(socket: Socket, servername: string, offer: TlsOffer): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket, ...(isIP(servername) === 0 ? { servername } : {}), rejectUnauthorized: false, ...offer });
    secure.once('secureConnect', () => {
      secure.off('error', reject);
      resolve(secure);
    });
    secure.once('error', reject);
    socket.once('close', () => reject(new Error('the server closed the connection during the handshake')));
  });
}
