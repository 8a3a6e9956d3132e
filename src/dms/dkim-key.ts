import { createPublicKey } from 'node:crypto';
import { normalName } from './dns-name.js';
import { parseTagList, quotedStrings } from './dns-txt.js';

/** A domain's DKIM public key as the server signs with it: the selector and the base64 of the key (DER). */
export interface DkimKey {
  selector: string;
  publicKeyBase64: string;
  /** `rsa` (DMS's default) or `ed25519` (RFC 8463: then the key is the raw 32 bytes). */
  keyType?: 'rsa' | 'ed25519';
}

/** One key for every domain, or one per domain (DMS generates a key per domain). */
export type DkimKeys = DkimKey | Readonly<Record<string, DkimKey>>;

export function dkimKeyFor(keys: DkimKeys | undefined, domain: string): DkimKey | undefined {
  if (!keys) return undefined;
  if ('publicKeyBase64' in keys && typeof keys.publicKeyBase64 === 'string') return keys as DkimKey;
  const byDomain = keys as Readonly<Record<string, DkimKey>>;
  return Object.entries(byDomain).find(([name]) => normalName(name) === normalName(domain))?.[1];
}

/** The name the selector's record lives at. */
export function dkimRecordName(selector: string, domain: string): string {
  return `${selector}._domainkey.${normalName(domain)}`;
}

/** The TXT value to publish for a key. */
export function dkimRecordValue(key: DkimKey): string {
  return `v=DKIM1; k=${key.keyType ?? 'rsa'}; p=${compactBase64(key.publicKeyBase64)}`;
}

/** Base64 without the white space that zone files and PEM lines leave in it. */
export function compactBase64(text: string): string {
  return text.replace(/\s+/g, '');
}

export type KeyInspection = { ok: true; type: 'rsa' | 'ed25519'; bits: number } | { ok: false; problem: string };

/** What the published `p=` holds: an RSA key and its size, an Ed25519 key, or why it is not a usable key. */
export function inspectDkimKey(base64: string, keyType = 'rsa'): KeyInspection {
  const text = compactBase64(base64);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    return { ok: false, problem: 'the key is not valid base64 (a cut-off key often ends like this)' };
  }
  const der = Buffer.from(text, 'base64');
  if (keyType === 'ed25519') {
    return der.length === 32
      ? { ok: true, type: 'ed25519', bits: 256 }
      : { ok: false, problem: `an Ed25519 key has 32 bytes, this one ${der.length}` };
  }
  if (keyType !== 'rsa') return { ok: false, problem: `unknown key type k=${keyType}` };
  try {
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (key.asymmetricKeyType !== 'rsa' || bits === undefined) return { ok: false, problem: 'the key is not an RSA public key' };
    return { ok: true, type: 'rsa', bits };
  } catch {
    return { ok: false, problem: 'the key does not decode as an RSA public key (it may be cut off)' };
  }
}

/**
 * The key in a `.txt` file that opendkim-genkey or rspamd writes beside the private key
 * (`mail._domainkey IN TXT ( "v=DKIM1; h=sha256; k=rsa; " "p=MIIB…" )`).
 */
export function dkimKeyFromZoneText(text: string): DkimKey | undefined {
  const selector = /^\s*([A-Za-z0-9_-]+)\._domainkey\b/m.exec(text)?.[1];
  const tags = parseTagList(quotedStrings(text).join('')).tags;
  const publicKeyBase64 = tags.get('p');
  if (!selector || !publicKeyBase64) return undefined;
  const keyType = tags.get('k') === 'ed25519' ? 'ed25519' : 'rsa';
  return { selector, publicKeyBase64: compactBase64(publicKeyBase64), keyType };
}
