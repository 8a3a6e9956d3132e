import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** ACME's request signing (RFC 8555 §6.2): flattened JWS with ES256 over an account key, and its JWK thumbprint. */

export interface EcJwk {
  crv: string;
  kty: string;
  x: string;
  y: string;
}

export interface AccountKey {
  privateKey: KeyObject;
  jwk: EcJwk;
}

export interface FlattenedJws {
  protected: string;
  payload: string;
  signature: string;
}

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** A P-256 account key: the given PKCS#8/SEC1 PEM, or a new one. */
export function accountKey(pem?: string): AccountKey {
  const privateKey = pem ? createPrivateKey(pem) : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('the ACME account key must be an EC P-256 key');
  const { crv, kty, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, jwk: { crv: crv ?? '', kty: kty ?? '', x: x ?? '', y: y ?? '' } };
}

/** RFC 7638: SHA-256 over the required members in lexicographic order. */
export function jwkThumbprint(jwk: EcJwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return base64url(createHash('sha256').update(canonical).digest());
}

/** What the http-01 challenge serves: `token.thumbprint` (RFC 8555 §8.1). */
export function keyAuthorization(token: string, key: AccountKey): string {
  return `${token}.${jwkThumbprint(key.jwk)}`;
}

/**
 * Signs a request. `kid` (the account URL) once the account exists, the JWK before; a payload of `undefined` is a
 * POST-as-GET (empty payload).
 */
export function signJws(key: AccountKey, header: { url: string; nonce: string; kid?: string }, payload: unknown): FlattenedJws {
  const protectedHeader = { alg: 'ES256', nonce: header.nonce, url: header.url, ...(header.kid ? { kid: header.kid } : { jwk: key.jwk }) };
  const encodedHeader = base64url(JSON.stringify(protectedHeader));
  const encodedPayload = payload === undefined ? '' : base64url(JSON.stringify(payload));
  const signature = sign('sha256', Buffer.from(`${encodedHeader}.${encodedPayload}`), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return { protected: encodedHeader, payload: encodedPayload, signature: base64url(signature) };
}
