import { X509Certificate } from 'node:crypto';

/** PEM text: DER to PEM, a chain file to its certificates. */

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The PEM blocks of a chain, leaf first. */
export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g)?.map((b) => b.trimEnd() + '\n') ?? [];
}

/** Every certificate of a PEM file; throws when there is none or one does not parse. */
export function parseCertificates(text: string): X509Certificate[] {
  const blocks = pemBlocks(text);
  if (blocks.length === 0) throw new Error('no PEM certificate in it');
  return blocks.map((pem) => new X509Certificate(pem));
}
