import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { bitString, nullValue, oid, OID, sequence } from './der.js';

/** Keys for certificates, and DER structures signed with them (a CSR; test certificates reuse this). */

export type CertKeyType = 'ecdsa' | 'rsa';

/** ECDSA P-256 (certbot's default since 2.0) or RSA 2048 (for very old clients). */
export function generateCertKey(type: CertKeyType = 'ecdsa'): KeyObject {
  return type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/** The AlgorithmIdentifier of a SHA-256 signature by this key. */
export function signatureAlgorithm(key: KeyObject): Buffer {
  return key.asymmetricKeyType === 'rsa' ? sequence(oid(OID.sha256WithRsa), nullValue()) : sequence(oid(OID.ecdsaWithSha256));
}

/** `SEQUENCE { tbs, algorithm, BIT STRING signature }`: the shape of CSRs and certificates. */
export function signedStructure(tbs: Buffer, key: KeyObject): Buffer {
  return sequence(tbs, signatureAlgorithm(key), bitString(sign('sha256', tbs, key)));
}
