import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { compactBase64, dkimKeyFromZoneText, type DkimKey } from '../../dms/dkim-key.js';
import { normalName } from '../../dms/dns-name.js';
import { parseTagList, quotedStrings } from '../../dms/dns-txt.js';
import { ServiceError } from '../errors.js';
import type { ServerFacts } from './server-facts.js';

/**
 * What `mailwiz check` is told instead of (or over) what a container says: the host name, the domains, the DKIM key
 * as a key file (PEM, private or public: only the public half is used) or as its DNS record (an opendkim-genkey
 * `.txt`, or the bare `v=DKIM1; …` value). Lets a domain be checked before a server exists, or on another host.
 */

export interface GivenFacts {
  host?: string;
  domains: string[];
  dkimSelector?: string;
  dkimKeyFile?: string;
  dkimRecordFile?: string;
}

const DEFAULT_SELECTOR = 'mail';

/** The public key of a PEM file, as a DKIM record carries it (DER SubjectPublicKeyInfo, base64; raw for Ed25519). */
export function dkimKeyFromPem(pem: string, selector: string): DkimKey {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType === 'ed25519') {
    const der = key.export({ type: 'spki', format: 'der' });
    return { selector, publicKeyBase64: der.subarray(der.length - 32).toString('base64'), keyType: 'ed25519' };
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ServiceError(`a DKIM key is RSA or Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return { selector, publicKeyBase64: key.export({ type: 'spki', format: 'der' }).toString('base64'), keyType: 'rsa' };
}

/** The key of a DKIM record file: a zone snippet with its selector, or the bare value (then the selector given). */
export function dkimKeyFromRecord(text: string, selector: string): DkimKey | undefined {
  const fromZone = dkimKeyFromZoneText(text);
  if (fromZone) return fromZone;
  const value = text.includes('"') ? quotedStrings(text).join('') : text.trim();
  const tags = parseTagList(value).tags;
  const p = tags.get('p');
  if (!p) return undefined;
  return { selector, publicKeyBase64: compactBase64(p), keyType: tags.get('k') === 'ed25519' ? 'ed25519' : 'rsa' };
}

async function givenDkim(given: GivenFacts): Promise<DkimKey | undefined> {
  const selector = given.dkimSelector ?? DEFAULT_SELECTOR;
  const read = async (file: string, what: string): Promise<string> =>
    readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ServiceError(`${what} ${file}: ${error.code ?? error.message}`);
    });
  if (given.dkimKeyFile) {
    const pem = await read(given.dkimKeyFile, '--dkim-key');
    try {
      return dkimKeyFromPem(pem, selector);
    } catch (error) {
      throw new ServiceError(`--dkim-key ${given.dkimKeyFile}: not a PEM key (${(error as Error).message})`);
    }
  }
  if (given.dkimRecordFile) {
    const key = dkimKeyFromRecord(await read(given.dkimRecordFile, '--dkim-record'), selector);
    if (!key) throw new ServiceError(`--dkim-record ${given.dkimRecordFile}: no p= key found in it`);
    return given.dkimSelector ? { ...key, selector } : key;
  }
  return undefined;
}

/** Facts for a check without a container: nothing is known but what was given; TLS is probed on the standard ports. */
export async function factsFromFlags(given: GivenFacts & { host: string }): Promise<ServerFacts> {
  if (given.domains.length === 0) throw new ServiceError('without a mail server container, give the domains to check (--domain D)');
  const dkim = await givenDkim(given);
  const domains = given.domains.map(normalName);
  return {
    fqdn: normalName(given.host),
    domains,
    dkim: dkim ? Object.fromEntries(domains.map((d) => [d, dkim])) : {},
    sslType: '',
    ports: [],
    renewal: { renewers: [], certbotConfig: false },
  };
}

/** A container's facts with what the flags override: the host name, and the DKIM key of every domain. */
export async function withGivenFacts(facts: ServerFacts, given: GivenFacts): Promise<ServerFacts> {
  const dkim = await givenDkim(given);
  return {
    ...facts,
    ...(given.host ? { fqdn: normalName(given.host) } : {}),
    ...(dkim ? { dkim: Object.fromEntries(facts.domains.map((d) => [d, dkim])) } : {}),
  };
}
