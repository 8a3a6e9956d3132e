import { createServer } from 'node:http';
import { ServiceError } from '../errors.js';

/** Answers ACME http-01 challenges (RFC 8555 §8.3): GET /.well-known/acme-challenge/<token> → the key authorization. */

export interface ChallengeServer {
  add(token: string, keyAuthorization: string): void;
  close(): Promise<void>;
}

const PREFIX = '/.well-known/acme-challenge/';

export async function startChallengeServer(port: number, host?: string): Promise<ChallengeServer> {
  const answers = new Map<string, string>();
  const server = createServer((req, res) => {
    const token = req.url?.startsWith(PREFIX) ? req.url.slice(PREFIX.length) : undefined;
    const answer = req.method === 'GET' && token !== undefined ? answers.get(token) : undefined;
    res.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'text/plain' }).end(answer ?? 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port)));
    server.listen(port, host, () => resolve());
  });
  return {
    add: (token, keyAuthorization) => void answers.set(token, keyAuthorization),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function listenError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new ServiceError(
      `port ${port} is in use: the ACME server must reach mailwiz there for the http-01 challenge; stop what listens on it first`,
    );
  }
  if (error.code === 'EACCES')
    return new ServiceError(`cannot listen on port ${port}: ports below 1024 need root (or CAP_NET_BIND_SERVICE)`);
  return error;
}
