import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { parseCertificates } from './pem.js';

/**
 * Whether a served chain leads to a trust anchor: from the leaf, each certificate must be signed by the next (a CA
 * certificate, valid now) until one is signed by an anchor. Anchors are the system's roots (Node's bundled store, what
 * most senders trust) plus the CAs the caller adds.
 */

export type ChainVerdict = { trusted: true; anchor: X509Certificate; path: X509Certificate[] } | { trusted: false; reason: string };

const MAX_DEPTH = 8;
let systemRoots: X509Certificate[] | undefined;

export function trustAnchors(extraPems: readonly string[] = [], includeSystem = true): X509Certificate[] {
  systemRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  const extra = extraPems.flatMap(parseCertificates);
  return includeSystem ? [...extra, ...systemRoots] : extra;
}

export function verifyChain(served: readonly X509Certificate[], anchors: readonly X509Certificate[], now: Date): ChainVerdict {
  const [leaf] = served;
  if (!leaf) return { trusted: false, reason: 'the server sent no certificate' };
  const path = [leaf];
  for (let current = leaf; path.length <= MAX_DEPTH;) {
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor) {
      return validAt(anchor, now)
        ? { trusted: true, anchor, path }
        : { trusted: false, reason: `the root ${anchor.subject} expired on ${anchor.validTo}` };
    }
    if (issuedBy(current, current)) {
      return {
        trusted: false,
        reason: current === leaf ? 'the certificate is self-signed' : `the chain ends at ${oneLine(current.subject)}, a root nobody trusts`,
      };
    }
    const next = served.find((c) => !path.includes(c) && issuedBy(current, c));
    if (!next) {
      return {
        trusted: false,
        reason: `its issuer ${oneLine(current.issuer)} is neither sent by the server nor a trusted root (incomplete chain, or an unknown CA)`,
      };
    }
    if (!next.ca) return { trusted: false, reason: `${oneLine(next.subject)} signed a certificate but is no CA certificate` };
    if (!validAt(next, now))
      return { trusted: false, reason: `the intermediate ${oneLine(next.subject)} is not valid now (${next.validFrom} – ${next.validTo})` };
    path.push(next);
    current = next;
  }
  return { trusted: false, reason: `the chain is longer than ${MAX_DEPTH} certificates` };
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function validAt(cert: X509Certificate, now: Date): boolean {
  return now.getTime() >= Date.parse(cert.validFrom) && now.getTime() <= Date.parse(cert.validTo);
}

/** `CN=x\nO=y` (Node's form) as `CN=x, O=y`. */
export function oneLine(name: string): string {
  return name.split('\n').join(', ');
}
