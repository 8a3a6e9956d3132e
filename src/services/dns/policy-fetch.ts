import { get } from 'node:https';
import type { FetchPolicy } from './checks/mta-sts.js';
import type { DnsResolver } from './resolver.js';

/** Fetching an MTA-STS policy as senders do (RFC 8461 §3.3): HTTPS with a valid certificate, HTTP 200, text/plain, no redirects. */

export const MAX_POLICY_BYTES = 64 * 1024;

export interface PolicyFetchOptions {
  timeoutMs?: number;
  /** Certificate authorities to trust instead of the system's (for tests against a local server). */
  ca?: string | Buffer;
  /** Resolve the policy host through this resolver (the one the checks use) instead of the system's. */
  resolver?: DnsResolver;
}

type LookupCallback = (error: Error | null, address: string | { address: string; family: number }[], family?: number) => void;

/** A `lookup` for node:https that asks our resolver for the host's IPv4, then IPv6 addresses. */
function lookupThrough(resolver: DnsResolver) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    void (async () => {
      for (const [family, answer] of [
        [4, await resolver.resolve4(hostname)],
        [6, await resolver.resolve6(hostname)],
      ] as const) {
        if (answer.kind === 'records' && answer.records.length > 0) {
          const first = answer.records[0] ?? '';
          if (options.all) callback(null, answer.records.map((address) => ({ address, family })));
          else callback(null, first, family);
          return;
        }
      }
      callback(Object.assign(new Error(`${hostname} has no address (asked ${resolver.label})`), { code: 'ENOTFOUND' }), '');
    })();
  };
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
      const request = get(
        url,
        {
          timeout: timeoutMs,
          // A fresh connection each time: a kept-alive one would skip the lookup (and a changed answer).
          agent: false,
          ...(options.ca ? { ca: options.ca } : {}),
          ...(options.resolver ? { lookup: lookupThrough(options.resolver) } : {}),
        },
        (response) => {
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
