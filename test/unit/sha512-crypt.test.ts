import { describe, expect, it } from 'vitest';
import { sha512Crypt, verifySha512Crypt } from '../../src/dms/sha512-crypt.js';

// Test vectors from the SHA-crypt specification.
describe('sha512Crypt', () => {
  it('matches the specification vectors', () => {
    expect(sha512Crypt('Hello world!', 'saltstring')).toBe(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
    expect(sha512Crypt('Hello world!', 'saltstringsaltstring', 10000)).toBe(
      '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
    );
    expect(sha512Crypt('a very much longer text to encrypt.  This one even stretches over morethan one line.', 'anotherlongsaltstring', 1400)).toBe(
      '$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1',
    );
    expect(sha512Crypt('we have a short salt string but not a short password', 'short', 77777)).toBe(
      '$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0',
    );
  });

  it('salts every new hash differently', () => {
    expect(sha512Crypt('same')).not.toBe(sha512Crypt('same'));
    expect(sha512Crypt('same')).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
  });

  it('verifies with and without the {SHA512-CRYPT} prefix, and rejects a wrong password', () => {
    const hash = sha512Crypt('pässwörd with spaces');
    expect(verifySha512Crypt('pässwörd with spaces', hash)).toBe(true);
    expect(verifySha512Crypt('pässwörd with spaces', `{SHA512-CRYPT}${hash}`)).toBe(true);
    expect(verifySha512Crypt('passwörd with spaces', hash)).toBe(false);
    expect(verifySha512Crypt('x', '{PLAIN}x')).toBe(false);
  });
});
