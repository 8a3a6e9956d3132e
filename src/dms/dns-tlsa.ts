import { createHash, X509Certificate } from 'node:crypto';

/**
 * TLSA records (RFC 6698) as SMTP senders use them (RFC 7672, RFC 7671): which are usable, and whether one matches
 * the certificate chain a server presents.
 */

export interface TlsaRecord {
  /** 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE. */
  usage: number;
  /** 0 the whole certificate, 1 its SubjectPublicKeyInfo. */
  selector: number;
  /** 0 exact, 1 SHA-256, 2 SHA-512. */
  matchingType: number;
  /** The certificate association data, hex in lower case. */
  data: string;
}

export const DANE_TA = 2;
export const DANE_EE = 3;

const DIGESTS: Readonly<Record<number, { algorithm: string; bytes: number } | undefined>> = {
  1: { algorithm: 'sha256', bytes: 32 },
  2: { algorithm: 'sha512', bytes: 64 },
};

/** A TLSA record from its RDATA: usage, selector, matching type, then the data. */
export function parseTlsaData(rdata: Buffer): TlsaRecord | undefined {
  if (rdata.length < 4) return undefined;
  return { usage: rdata[0] ?? 0, selector: rdata[1] ?? 0, matchingType: rdata[2] ?? 0, data: rdata.subarray(3).toString('hex') };
}

/** As a zone file writes it: `3 1 1 4f2b…`. */
export function formatTlsa(record: TlsaRecord): string {
  return `${record.usage} ${record.selector} ${record.matchingType} ${record.data}`;
}

/** Why senders ignore the record (RFC 7672 §3.1.3, RFC 7671 §4), or undefined when it is usable. */
export function tlsaUnusable(record: TlsaRecord): string | undefined {
  if (record.usage === 0 || record.usage === 1) return `usage ${record.usage} (PKIX) is not used by SMTP senders (RFC 7672 §3.1.3)`;
  if (record.usage !== DANE_TA && record.usage !== DANE_EE) return `usage ${record.usage} is not defined`;
  if (record.selector !== 0 && record.selector !== 1) return `selector ${record.selector} is not defined`;
  if (record.matchingType === 0) return undefined;
  const digest = DIGESTS[record.matchingType];
  if (!digest) return `matching type ${record.matchingType} is not defined`;
  const bytes = record.data.length / 2;
  return bytes === digest.bytes ? undefined : `a ${digest.algorithm} digest has ${digest.bytes} bytes, this one ${bytes}`;
}

/** The association data a record with this selector and matching type holds for a certificate (DER). */
export function associationData(certificate: Buffer, selector: number, matchingType: number): string {
  const selected = selector === 1 ? new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' }) : certificate;
  const digest = DIGESTS[matchingType];
  return digest ? createHash(digest.algorithm).update(selected).digest('hex') : selected.toString('hex');
}

export type TlsaMatch = { kind: 'match'; certificate: number } | { kind: 'no-match' } | { kind: 'broken'; why: string };

/**
 * Whether a usable record matches the chain (DER, leaf first). DANE-EE matches the leaf alone, with no name or
 * expiry checks (RFC 7672 §3.1.1). DANE-TA matches a CA certificate in the chain; then the chain up to it must be
 * signed link by link and the leaf must name `host` (§3.1.2, §3.2.2).
 */
export function matchTlsa(record: TlsaRecord, chain: readonly Buffer[], host: string): TlsaMatch {
  const matches = (certificate: Buffer | undefined): boolean =>
    certificate !== undefined && associationData(certificate, record.selector, record.matchingType) === record.data.toLowerCase();
  if (record.usage === DANE_EE) return matches(chain[0]) ? { kind: 'match', certificate: 0 } : { kind: 'no-match' };
  const anchor = chain.findIndex((certificate, index) => index > 0 && matches(certificate));
  if (anchor < 0) return { kind: 'no-match' };
  const certificates = chain.slice(0, anchor + 1).map((der) => new X509Certificate(der));
  for (let i = 0; i < anchor; i += 1) {
    const [child, parent] = [certificates[i], certificates[i + 1]];
    if (child && parent && !(child.checkIssued(parent) && child.verify(parent.publicKey))) {
      return { kind: 'broken', why: `certificate ${i + 1} of the chain is not signed by certificate ${i + 2}` };
    }
  }
  if (certificates[0]?.checkHost(host) === undefined) return { kind: 'broken', why: `the leaf certificate is not for ${host}` };
  return { kind: 'match', certificate: anchor };
}
