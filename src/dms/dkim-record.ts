import { compactBase64, dkimRecordValue } from './dkim-key.js';
import { quotedStrings } from './dns-txt.js';

/** The DNS TXT record value that publishes a DKIM key, from the files OpenDKIM's tools leave beside the private key. */

/**
 * The record's value as one string from the zone-file snippet `opendkim-genkey` writes (`<selector>.txt`):
 * `mail._domainkey IN TXT ( "v=DKIM1; h=sha256; k=rsa; " "p=MIIB…" "…" ) ; ----- DKIM key …` → the quoted pieces
 * joined, as a resolver hands them to a verifier.
 */
export function dkimValueFromZoneSnippet(snippet: string): string {
  return quotedStrings(snippet).join('');
}

/** The value for an RSA key given only as a PEM public key (`openssl rsa -pubout`), when no `.txt` snippet is left. */
export function dkimValueFromPublicKey(selector: string, pem: string): string {
  return dkimRecordValue({ selector, publicKeyBase64: compactBase64(pem.replace(/-----[A-Z ]+-----/g, '')) });
}
