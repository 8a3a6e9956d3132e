import { describe, expect, it } from 'vitest';
import { dkimDomainProblem, keysizeProblem, selectorProblem } from '../../src/services/dkim.js';
import { masterNameProblem } from '../../src/services/dovecot-masters.js';
import { relayAccountProblem, relayDomainProblem } from '../../src/services/relay.js';

describe('input checks of the setup services', () => {
  it('master names: anything Dovecot can take as the part after `*`', () => {
    for (const ok of ['admin', 'ops@example.com', 'Backup-1']) expect(masterNameProblem(ok)).toBeUndefined();
    expect(masterNameProblem('')).toBe('No account specified');
    for (const bad of ['a b', 'a|b', 'a:b', 'a*b', 'a\tb', 'a\u001b[2Jb']) expect(masterNameProblem(bad)).toMatch(/cannot be a master user name/);
    expect(masterNameProblem('a\u001bb')).toContain('\\x1b');
  });

  it('relay domains and accounts', () => {
    expect(relayDomainProblem('example.com')).toBeUndefined();
    expect(relayDomainProblem('')).toBe('No domain specified');
    expect(relayDomainProblem('@example.com')).toMatch(/not a valid domain name/);
    expect(relayAccountProblem('apikey')).toBeUndefined();
    expect(relayAccountProblem('user@example.com')).toBeUndefined();
    expect(relayAccountProblem('')).toBe('No relay account specified');
    expect(relayAccountProblem('a:b')).toMatch(/cannot be a relay account name/);
    expect(relayAccountProblem('a b')).toMatch(/cannot be a relay account name/);
  });

  it('DKIM key sizes, selectors and domains', () => {
    for (const size of ['1024', '2048', '3072', '4096']) expect(keysizeProblem(size)).toBeUndefined();
    for (const size of ['', '512', '2048.0', ' 2048', '0x800', 'big']) expect(keysizeProblem(size)).toMatch(/is not a key size/);
    for (const selector of ['mail', 's2026', 'dkim-1']) expect(selectorProblem(selector)).toBeUndefined();
    for (const selector of ['', '-x', 'a.b', 'a/b', '..', 'a b']) expect(selectorProblem(selector)).toMatch(/is not a selector/);
    expect(dkimDomainProblem('mail.example.com')).toBeUndefined();
    expect(dkimDomainProblem('../etc')).toMatch(/cannot get a DKIM key/);
  });
});
