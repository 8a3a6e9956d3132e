import { createPublicKey, type KeyObject } from 'node:crypto';
import { commonNameOnly, contextConstructed, extension, integer, oid, OID, sequence, set, subjectAltNames } from './der.js';
import { signedStructure } from './signing.js';

/** A PKCS#10 certificate signing request (RFC 2986) for DNS names: CN is the first, all of them in subjectAltName. */
export function createCsr(names: readonly string[], key: KeyObject): Buffer {
  const [first] = names;
  if (first === undefined) throw new Error('a certificate needs at least one name');
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const requested = sequence(extension(OID.subjectAltName, subjectAltNames(names)));
  const attributes = contextConstructed(0, sequence(oid(OID.extensionRequest), set(requested)));
  return signedStructure(sequence(integer(0), commonNameOnly(first), spki, attributes), key);
}
