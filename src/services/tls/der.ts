/** The few DER (ASN.1) encodings a certificate signing request needs, and nothing more. */

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
export const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes);
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
/** A BIT STRING of whole bytes. */
export const bitString = (bytes: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
/** `[n]` EXPLICIT, or IMPLICIT over a constructed type. */
export const contextConstructed = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);
/** `[n]` IMPLICIT over a primitive type (a GeneralName's dNSName is `[2]`, iPAddress `[7]`). */
export const contextPrimitive = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

/** A non-negative INTEGER from its big-endian bytes (a 0 byte is added when the top bit is set). */
export function integer(bytes: Buffer | number): Buffer {
  let value = typeof bytes === 'number' ? Buffer.from([bytes]) : bytes;
  while (value.length > 1 && value[0] === 0 && ((value[1] ?? 0) & 0x80) === 0) value = value.subarray(1);
  return tlv(0x02, (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

export function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export const OID = {
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extensionRequest: '1.2.840.113549.1.9.14',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

/** `CN=<name>` as an X.501 Name. */
export function commonNameOnly(name: string): Buffer {
  return sequence(set(sequence(oid(OID.commonName), utf8String(name))));
}

/** The subjectAltName extension value: DNS names (and IP addresses, for test servers on loopback). */
export function subjectAltNames(names: readonly string[]): Buffer {
  return sequence(
    ...names.map((name) => {
      const ip = ipBytes(name);
      return ip ? contextPrimitive(7, ip) : contextPrimitive(2, Buffer.from(name, 'ascii'));
    }),
  );
}

function ipBytes(text: string): Buffer | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return undefined;
  return Buffer.from(parts.map(Number));
}

/** An Extension: its OID, whether it is critical, and its DER value wrapped in an OCTET STRING. */
export function extension(id: string, value: Buffer, critical = false): Buffer {
  return sequence(oid(id), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), octetString(value));
}
