import { get } from 'node:https';
import type { FetchPolicy } from './checks/mta-sts.js';

/** Fetching an MTA-STS policy as senders do (RFC 8461 §3.3): HTTPS with a valid certificate, HTTP 200, text/plain, no redirects. */

export const MAX_POLICY_BYTES = 64 * 1024;

export interface PolicyFetchOptions {
  timeoutMs?: number;
  /** Certificate authorities to trust instead of the system's (for tests against a local server). */
  ca?: string | Buffer;
}

export function httpsPolicyFetcher(options: PolicyFetchOptions = {}): FetchPolicy {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (url) =>
    new Promise<string>((resolve, reject) => {
      if (!url.startsWith('https://')) {
        reject(new Error(`${url}: MTA-STS policies are served over HTTPS only`));
        return;
      }
      const fail = (message: string): void => reject(new Error(`${url}: ${message}`));
      const request = get(url, { timeout: timeoutMs, ...(options.ca ? { ca: options.ca } : {}) }, (response) => {
        const problem = responseProblem(response.statusCode ?? 0, response.headers.location, response.headers['content-type']);
        if (problem) {
          response.resume();
          fail(problem);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_POLICY_BYTES) response.destroy(new Error(`the policy is larger than ${MAX_POLICY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        response.on('error', (error) => fail(error.message));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', (error) => fail(error.message));
    });
}

function responseProblem(status: number, location: string | undefined, type: string | undefined): string | undefined {
  if (status >= 300 && status < 400) return `redirects to ${location ?? 'another place'}, and senders do not follow redirects`;
  if (status !== 200) return `answered HTTP ${status}`;
  if (!/^text\/plain\b/i.test(type ?? '')) return `is served as ${type || 'no media type'}, not text/plain`;
  return undefined;
}
