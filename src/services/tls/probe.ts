import { connect as netConnect, isIP, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { negotiateStarttls, type StarttlsProtocol } from './starttls.js';

/**
 * Connects to a mail port the way a sender or a mail client does and records what the server serves: the
 * certificate chain it sent, the protocol and cipher it chose. It trusts nothing and judges nothing (see checks.ts).
 */

/** 465 and 993: TLS from the first byte; 25 and 587: SMTP STARTTLS; 143: IMAP STARTTLS. */
export type TlsMode = 'implicit' | 'smtp-starttls' | 'imap-starttls';

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

export type TlsProbe =
  | {
      endpoint: TlsEndpoint;
      ok: true;
      /** `TLSv1.3`, `TLSv1.2` … */
      protocol: string;
      cipher: string;
      /** DER, the leaf first, as the server sent them. */
      chain: Buffer[];
    }
  | { endpoint: TlsEndpoint; ok: false; stage: 'connect' | 'starttls' | 'handshake'; error: string };

export interface ProbeOptions {
  timeoutMs?: number;
  /** The EHLO name for SMTP STARTTLS; this machine's host name by default. */
  ehloName?: string;
}

const STARTTLS: Readonly<Record<TlsMode, StarttlsProtocol | undefined>> = {
  implicit: undefined,
  'smtp-starttls': 'smtp',
  'imap-starttls': 'imap',
};

export async function probeTls(endpoint: TlsEndpoint, options: ProbeOptions = {}): Promise<TlsProbe> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let stage: 'connect' | 'starttls' | 'handshake' = 'connect';
  let socket: Socket | undefined;
  const timer = setTimeout(() => socket?.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    socket = await connected(endpoint);
    const protocol = STARTTLS[endpoint.mode];
    if (protocol) {
      stage = 'starttls';
      await negotiateStarttls(socket, protocol, options.ehloName ?? hostname());
    }
    stage = 'handshake';
    const secure = await handshake(socket, endpoint.servername);
    socket = secure;
    const result: TlsProbe = {
      endpoint,
      ok: true,
      protocol: secure.getProtocol() ?? 'unknown',
      cipher: secure.getCipher().standardName,
      chain: servedChain(secure.getPeerCertificate(true)),
    };
    if (protocol === 'smtp') secure.end('QUIT\r\n');
    else secure.end();
    return result;
  } catch (error) {
    socket?.destroy();
    return { endpoint, ok: false, stage, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function connected(endpoint: TlsEndpoint): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: endpoint.host, port: endpoint.port });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * The handshake, accepting any certificate (it is judged afterwards) and any protocol version the server offers, so
 * that an old one is reported rather than refused.
 */
function handshake(socket: Socket, servername: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      socket,
      ...(isIP(servername) === 0 ? { servername } : {}),
      rejectUnauthorized: false,
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    secure.once('secureConnect', () => {
      secure.off('error', reject);
      resolve(secure);
    });
    secure.once('error', reject);
    socket.once('close', () => reject(new Error('the server closed the connection during the handshake')));
  });
}

/** The certificates the server sent, leaf first, each once. */
function servedChain(peer: DetailedPeerCertificate): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = peer; cert?.raw && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
  }
  return chain;
}
