import { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sanitizeForTerminal } from '../../dms/terminal-text.js';
import { ServiceError } from '../errors.js';
import { fetchUrl, type HttpAnswer } from './acme-http.js';
import { startChallengeServer } from './challenge-server.js';
import { createCsr } from './csr.js';
import { accountKey, base64url, keyAuthorization, signJws, type AccountKey } from './jws.js';
import { atomicWrite, writeLiveFiles, type LiveFiles } from './letsencrypt-files.js';
import { pemBlocks } from './pem.js';
import { generateCertKey, type CertKeyType } from './signing.js';

/**
 * Obtains a certificate over ACME (RFC 8555) with the http-01 challenge, as certbot's standalone mode does: mailwiz
 * answers the challenge on port 80 itself, then writes the certificate where DMS expects it (SSL_TYPE=letsencrypt).
 */

export const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';
export const LETS_ENCRYPT_STAGING_DIRECTORY = 'https://acme-staging-v02.api.letsencrypt.org/directory';

export interface AcmeOptions {
  /** The names on the certificate; the first names the folder (`live/<first>/`): the server's FQDN. */
  names: string[];
  /** The host side of DMS's /etc/letsencrypt (DMS's docs: ./docker-data/certbot/certs). */
  letsencryptDir: string;
  directoryUrl?: string;
  /** For expiry notices from the CA. */
  email?: string;
  /** Where the challenge server listens: port 80 on every address unless told. */
  http01?: { port?: number; host?: string };
  /** CAs to trust for the ACME server's own HTTPS (a test server such as pebble, or a private CA). */
  directoryCa?: string | Buffer;
  keyType?: CertKeyType;
  /** For each request; the whole run may take several. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ObtainedCertificate extends LiveFiles {
  fullchainPem: string;
  notAfter: Date;
}

interface Directory {
  newNonce: string;
  newAccount: string;
  newOrder: string;
}

interface Challenge {
  type: string;
  url: string;
  token: string;
  status: string;
  error?: Problem;
}

interface Problem {
  type?: string;
  detail?: string;
}

interface AcmeObject {
  status?: string;
  authorizations?: string[];
  finalize?: string;
  certificate?: string;
  challenges?: Challenge[];
  identifier?: { value?: string };
  error?: Problem;
}

const BAD_NONCE = 'urn:ietf:params:acme:error:badNonce';
const NONCE_RETRIES = 5;
const POLL_LIMIT_MS = 120_000;

/** One account's signed conversation with an ACME server: keeps the latest nonce and retries a rejected one. */
class AcmeSession {
  private nonce: string | undefined;
  private kid: string | undefined;

  constructor(
    private readonly directory: Directory,
    readonly accountKey: AccountKey,
    private readonly send: (url: string, method: 'HEAD' | 'POST', body?: string) => Promise<HttpAnswer>,
  ) {}

  async register(email: string | undefined): Promise<void> {
    const payload = { termsOfServiceAgreed: true, ...(email ? { contact: [`mailto:${email}`] } : {}) };
    const answer = await this.post(this.directory.newAccount, payload);
    this.kid = header(answer, 'location');
    if (!this.kid) throw new ServiceError('the ACME server created no account (no Location header)');
  }

  /** A signed POST (`undefined`: POST-as-GET); throws the server's problem document on an error status. */
  async post(url: string, payload: unknown): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      const nonce = this.nonce ?? (await this.freshNonce());
      this.nonce = undefined;
      const jws = signJws(this.accountKey, { url, nonce, ...(this.kid ? { kid: this.kid } : {}) }, payload);
      const answer = await this.send(url, 'POST', JSON.stringify(jws));
      this.nonce = header(answer, 'replay-nonce');
      if (answer.status < 400) return answer;
      const problem = parseJson<Problem>(answer.body);
      if (problem?.type === BAD_NONCE && attempt < NONCE_RETRIES) continue;
      throw acmeError(`${url} answered HTTP ${answer.status}`, problem);
    }
  }

  async postJson(url: string, payload: unknown): Promise<{ answer: HttpAnswer; object: AcmeObject }> {
    const answer = await this.post(url, payload);
    return { answer, object: parseJson<AcmeObject>(answer.body) ?? {} };
  }

  /** POST-as-GET until the object leaves pending/processing; resolves to it when valid. */
  async pollValid(url: string, what: string): Promise<AcmeObject> {
    const deadline = Date.now() + POLL_LIMIT_MS;
    for (;;) {
      const { answer, object } = await this.postJson(url, undefined);
      if (object.status === 'valid') return object;
      if (object.status !== 'pending' && object.status !== 'processing' && object.status !== 'ready') {
        throw acmeError(`${what} is ${object.status ?? 'in an unknown state'}`, object.error ?? failedChallenge(object)?.error);
      }
      if (Date.now() > deadline) throw new ServiceError(`${what} is still ${object.status} after ${POLL_LIMIT_MS / 1000} s`);
      await sleep(retryAfterMs(answer));
    }
  }

  private async freshNonce(): Promise<string> {
    const answer = await this.send(this.directory.newNonce, 'HEAD');
    const nonce = header(answer, 'replay-nonce');
    if (!nonce) throw new ServiceError(`${this.directory.newNonce} gave no Replay-Nonce`);
    return nonce;
  }
}

export async function obtainCertificate(options: AcmeOptions): Promise<ObtainedCertificate> {
  const log = options.log ?? (() => {});
  const [name] = options.names;
  if (name === undefined) throw new ServiceError('a certificate needs at least one name');
  const directoryUrl = options.directoryUrl ?? LETS_ENCRYPT_DIRECTORY;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers = { 'content-type': 'application/jose+json' };
  const send = (url: string, method: 'GET' | 'HEAD' | 'POST', body?: string): Promise<HttpAnswer> =>
    fetchUrl(url, {
      method,
      timeoutMs,
      ...(body === undefined ? {} : { body, headers }),
      ...(options.directoryCa ? { ca: options.directoryCa } : {}),
    });

  const directory = parseJson<Directory>((await send(directoryUrl, 'GET')).body);
  if (!directory?.newNonce || !directory.newAccount || !directory.newOrder)
    throw new ServiceError(`${directoryUrl} is not an ACME directory`);
  const session = new AcmeSession(directory, await loadAccountKey(options.letsencryptDir, directoryUrl), send);
  log(`registering with ${directoryUrl}`);
  await session.register(options.email);

  const identifiers = options.names.map((value) => ({ type: 'dns', value }));
  const { answer: created, object: order } = await session.postJson(directory.newOrder, { identifiers });
  const orderUrl = header(created, 'location');
  if (!orderUrl || !order.finalize) throw new ServiceError('the ACME server answered the new order without its URL or finalize URL');
  await authorize(session, order.authorizations ?? [], options, log);

  const certKey = generateCertKey(options.keyType);
  log('requesting the certificate');
  await session.post(order.finalize, { csr: base64url(createCsr(options.names, certKey)) });
  const done = await session.pollValid(orderUrl, 'the order');
  if (!done.certificate) throw new ServiceError('the order is valid but names no certificate');
  const fullchainPem = (await session.post(done.certificate, undefined)).body.toString('utf8');
  const [leaf] = pemBlocks(fullchainPem);
  if (!leaf) throw new ServiceError('the ACME server sent no certificate');
  const privkeyPem = certKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const files = await writeLiveFiles(options.letsencryptDir, name, fullchainPem, privkeyPem);
  log(`wrote ${files.fullchain} and ${files.privkey}`);
  return { ...files, fullchainPem, notAfter: new Date(new X509Certificate(leaf).validTo) };
}

/** Answers every pending authorization's http-01 challenge from a server that lives as long as the answers are needed. */
async function authorize(session: AcmeSession, urls: string[], options: AcmeOptions, log: (line: string) => void): Promise<void> {
  const server = await startChallengeServer(options.http01?.port ?? 80, options.http01?.host);
  try {
    for (const url of urls) {
      const { object: authz } = await session.postJson(url, undefined);
      const name = authz.identifier?.value ?? url;
      if (authz.status === 'valid') continue;
      const challenge = authz.challenges?.find((c) => c.type === 'http-01');
      if (!challenge) throw new ServiceError(`the ACME server offers no http-01 challenge for ${name}`);
      server.add(challenge.token, keyAuthorization(challenge.token, session.accountKey));
      log(`answering the http-01 challenge for ${name}`);
      await session.post(challenge.url, {});
      await session.pollValid(url, `the authorization of ${name}`);
    }
  } finally {
    await server.close();
  }
}

/** One account key per ACME server, kept beside the certificates (0600) so renewals reuse the account. */
async function loadAccountKey(letsencryptDir: string, directoryUrl: string): Promise<AccountKey> {
  const file = join(letsencryptDir, 'accounts', 'mailwiz', new URL(directoryUrl).host.replace(/[^A-Za-z0-9.-]/g, '_'), 'account.pem');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing) return accountKey(existing);
  const key = accountKey();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await atomicWrite(file, key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  return key;
}

function failedChallenge(object: AcmeObject): Challenge | undefined {
  return object.challenges?.find((c) => c.status === 'invalid');
}

function acmeError(what: string, problem: Problem | undefined): ServiceError {
  const detail = problem ? `: ${problem.detail ?? problem.type ?? 'no detail'}` : '';
  return new ServiceError(sanitizeForTerminal(`ACME: ${what}${detail}`));
}

function header(answer: HttpAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson<T>(body: Buffer): T | undefined {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

function retryAfterMs(answer: HttpAnswer): number {
  const seconds = Number(header(answer, 'retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) * 1000 : 1000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
