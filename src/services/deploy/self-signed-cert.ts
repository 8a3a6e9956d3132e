import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { bitString, commonNameOnly, contextConstructed, extension, integer, nullValue, OID, oid, sequence, subjectAltNames, tlv } from '../tls/der.js';

/**
 * The files DMS's SSL_TYPE=self-signed reads from the config volume's ssl/ folder: `<fqdn>-key.pem`,
 * `<fqdn>-cert.pem` and `demoCA/cacert.pem`. Made with node:crypto: a small CA, and a server certificate it signs.
 */

const SHA256_WITH_RSA = sequence(oid(OID.sha256WithRsa), nullValue());
const KEY_USAGE = '2.5.29.15';

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

function pem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}

interface CertificateInput {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  ca: boolean;
  altNames: string[];
  days: number;
  now: Date;
}

function certificate(input: CertificateInput): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const notAfter = new Date(input.now.getTime() + input.days * 86_400_000);
  const extensions = [extension(OID.basicConstraints, sequence(...(input.ca ? [Buffer.from([0x01, 0x01, 0xff])] : [])), true)];
  if (input.altNames.length > 0) extensions.push(extension(OID.subjectAltName, subjectAltNames(input.altNames)));
  // keyCertSign and cRLSign
  if (input.ca) extensions.push(extension(KEY_USAGE, tlv(0x03, Buffer.from([1, 0x06])), true));
  const tbs = sequence(
    contextConstructed(0, integer(2)),
    integer(serial),
    SHA256_WITH_RSA,
    commonNameOnly(input.issuer),
    sequence(time(new Date(input.now.getTime() - 3_600_000)), time(notAfter)),
    commonNameOnly(input.subject),
    input.publicKey.export({ type: 'spki', format: 'der' }),
    contextConstructed(3, sequence(...extensions)),
  );
  return sequence(tbs, SHA256_WITH_RSA, bitString(sign('sha256', tbs, input.signingKey)));
}

export interface CertificateFile {
  /** Relative to the config volume. */
  path: string;
  content: string;
  mode: number;
}

export function selfSignedFiles(fqdn: string, options: { days?: number; now?: Date } = {}): CertificateFile[] {
  const now = options.now ?? new Date();
  const days = options.days ?? 825;
  const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const server = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const caName = `mailwiz self-signed CA for ${fqdn}`;
  const caCert = certificate({ subject: caName, issuer: caName, publicKey: ca.publicKey, signingKey: ca.privateKey, ca: true, altNames: [], days, now });
  const serverCert = certificate({ subject: fqdn, issuer: caName, publicKey: server.publicKey, signingKey: ca.privateKey, ca: false, altNames: [fqdn], days, now });
  return [
    { path: `ssl/${fqdn}-key.pem`, content: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), mode: 0o600 },
    { path: `ssl/${fqdn}-cert.pem`, content: pem(serverCert), mode: 0o644 },
    { path: 'ssl/demoCA/cacert.pem', content: pem(caCert), mode: 0o644 },
  ];
}
