import { createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { commonNameOnly, contextConstructed, extension, integer, OID, sequence, subjectAltNames, tlv } from '../../src/services/tls/der.js';
import { toPem } from '../../src/services/tls/pem.js';
import { generateCertKey, signatureAlgorithm, signedStructure } from '../../src/services/tls/signing.js';

/**
 * Real X.509 certificates for tests, made in-process (no faketime, no openssl config): a test CA, leaves it issues for
 * any names and any validity period (expired ones included), and self-signed leaves.
 */

export interface TestCertificate {
  certPem: string;
  keyPem: string;
  key: KeyObject;
  cert: X509Certificate;
  commonName: string;
}

export interface CertificateSpec {
  names: string[];
  /** Default: one hour ago. */
  notBefore?: Date;
  /** Default: 90 days from now. */
  notAfter?: Date;
  /** Absent: self-signed. */
  issuer?: TestCertificate;
  ca?: boolean;
}

const DAY_MS = 86_400_000;

export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}

export function makeCertificate(spec: CertificateSpec): TestCertificate {
  const key = generateCertKey('ecdsa');
  const commonName = spec.names[0] ?? 'test';
  const signer = spec.issuer ?? { key, commonName };
  const extensions = [
    extension(OID.basicConstraints, spec.ca ? sequence(Buffer.from([0x01, 0x01, 0xff])) : sequence(), true),
    ...(spec.ca ? [] : [extension(OID.subjectAltName, subjectAltNames(spec.names))]),
  ];
  const tbs = sequence(
    contextConstructed(0, integer(2)),
    integer(randomBytes(12)),
    signatureAlgorithm(signer.key),
    commonNameOnly(signer.commonName),
    sequence(asn1Time(spec.notBefore ?? new Date(Date.now() - 3_600_000)), asn1Time(spec.notAfter ?? daysFromNow(90))),
    commonNameOnly(commonName),
    createPublicKey(key).export({ type: 'spki', format: 'der' }),
    contextConstructed(3, sequence(...extensions)),
  );
  const der = signedStructure(tbs, signer.key);
  const certPem = toPem('CERTIFICATE', der);
  return { certPem, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), key, cert: new X509Certificate(der), commonName };
}

export function makeCa(name = 'mailwiz test CA'): TestCertificate {
  return makeCertificate({ names: [name], ca: true, notAfter: daysFromNow(3650) });
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function asn1Time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}
