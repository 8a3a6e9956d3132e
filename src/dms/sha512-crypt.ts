import { createHash, randomBytes } from 'node:crypto';

/**
 * SHA512-CRYPT ("$6$", Ulrich Drepper's SHA-crypt specification), the scheme DMS stores in postfix-accounts.cf.
 * Hashing here instead of calling `doveadm pw` keeps the password out of every process's argv and saves a container
 * round trip per account; tests check the result against `doveadm pw -t` in a real container.
 */
const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DEFAULT_ROUNDS = 5000;

export function sha512Crypt(password: string, salt = randomSalt(), rounds?: number): string {
  const key = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(salt.slice(0, 16), 'utf8');
  const roundsClamped = Math.min(999_999_999, Math.max(1000, rounds ?? DEFAULT_ROUNDS));

  const digestB = sha512(key, saltBytes, key);
  const a = createHash('sha512').update(key).update(saltBytes);
  for (let n = key.length; n > 0; n -= 64) a.update(n > 64 ? digestB : digestB.subarray(0, n));
  for (let n = key.length; n > 0; n >>= 1) a.update(n & 1 ? digestB : key);
  const digestA = a.digest();

  const dp = createHash('sha512');
  for (let i = 0; i < key.length; i++) dp.update(key);
  const p = repeatTo(dp.digest(), key.length);

  const ds = createHash('sha512');
  for (let i = 0; i < 16 + (digestA[0] ?? 0); i++) ds.update(saltBytes);
  const s = repeatTo(ds.digest(), saltBytes.length);

  let c = digestA;
  for (let i = 0; i < roundsClamped; i++) {
    const h = createHash('sha512');
    h.update(i & 1 ? p : c);
    if (i % 3) h.update(s);
    if (i % 7) h.update(p);
    h.update(i & 1 ? c : p);
    c = h.digest();
  }

  const prefix = rounds === undefined ? `$6$${saltBytes.toString()}` : `$6$rounds=${roundsClamped}$${saltBytes.toString()}`;
  return `${prefix}$${encode(c)}`;
}

/** Checks a password against a "$6$…" hash (with or without DMS's "{SHA512-CRYPT}" prefix). */
export function verifySha512Crypt(password: string, stored: string): boolean {
  const hash = stored.replace(/^\{SHA512-CRYPT\}/, '');
  const match = /^\$6\$(?:rounds=(\d+)\$)?([^$]*)\$/.exec(hash);
  if (!match) return false;
  return sha512Crypt(password, match[2] ?? '', match[1] ? Number(match[1]) : undefined) === hash;
}

function randomSalt(): string {
  return Array.from(randomBytes(16), (byte) => ALPHABET[byte & 63]).join('');
}

function sha512(...parts: Buffer[]): Buffer {
  const h = createHash('sha512');
  for (const part of parts) h.update(part);
  return h.digest();
}

function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = block[i % 64] ?? 0;
  return out;
}

/** The crypt base-64 of SHA-512's output, in the byte order the specification fixes. */
const ORDER = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7],
  [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57],
  [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
] as const;

function encode(digest: Buffer): string {
  let out = '';
  const put = (value: number, chars: number): void => {
    for (let i = 0; i < chars; i++) {
      out += ALPHABET[value & 63];
      value >>= 6;
    }
  };
  for (const [x, y, z] of ORDER) put(((digest[x] ?? 0) << 16) | ((digest[y] ?? 0) << 8) | (digest[z] ?? 0), 4);
  put(digest[63] ?? 0, 2);
  return out;
}
