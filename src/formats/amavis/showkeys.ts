import { compactBase64, type DkimKey } from '../../dms/dkim-key.js';
import { normalName } from '../../dms/dns-name.js';
import { parseTagList, quotedStrings } from '../../dms/dns-txt.js';

/**
 * `amavisd showkeys`: for each `dkim_key()` of Amavis's configuration, a comment line naming the key file, then the
 * TXT record to publish (mlan/postfix-amavis signs with Amavis; its keys are /var/db/dkim/<domain>.<selector>.privkey.pem):
 *
 *   ; key#1 2048 bits, s=mail, d=example.test, /var/db/dkim/example.test.mail.privkey.pem
 *   mail._domainkey.example.test.	3600 TXT (
 *     "v=DKIM1; p="
 *     "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4kcD…"
 *     "RwIDAQAB")
 *
 * Keys by domain; when a domain has several selectors, the first one listed (the one Amavis signs with first).
 */
export function parseAmavisShowkeys(text: string): Record<string, DkimKey> {
  const keys: Record<string, DkimKey> = {};
  for (const block of text.split(/^(?=; key#)/m)) {
    const header = /^; key#\d+[^\n]*\bs=([A-Za-z0-9_.-]+), d=([A-Za-z0-9_.-]+)/.exec(block);
    if (!header?.[1] || !header[2]) continue;
    const record = block.slice(block.indexOf('\n') + 1);
    const tags = parseTagList(quotedStrings(record).join('')).tags;
    const publicKeyBase64 = tags.get('p');
    const domain = normalName(header[2]);
    if (!publicKeyBase64 || keys[domain]) continue;
    keys[domain] = { selector: header[1], publicKeyBase64: compactBase64(publicKeyBase64), keyType: tags.get('k') === 'ed25519' ? 'ed25519' : 'rsa' };
  }
  return keys;
}
