import { describe, expect, it } from 'vitest';
import {
  MAX_PASSWORD_BYTES,
  addressProblem,
  aliasProblem,
  domainProblem,
  hostProblem,
  ipProblem,
  passwordProblem,
  portProblem,
  quotaProblem,
  visibleNameProblem,
} from '../../src/dms/validate.js';

describe('validation of what users type', () => {
  it.each(['jane@example.com', 'first.last+tag@mail.example.co.uk', 'Upper@Example.COM', "o'brien@example.ie"])('accepts the address %s', (a) =>
    expect(addressProblem(a)).toBeUndefined(),
  );

  it.each([
    ['', /no address/],
    ['jane', /should include the domain/],
    ['@example.com', /nothing before the @/],
    ['ja ne@example.com', /white space/],
    ['jane@example', /needs a dot/],
    ['jane@exa_mple.com', /not a valid domain/],
    ['ja..ne@example.com', /not a valid email address/],
    ['jane|x@example.com', /not a valid email address/],
    ['jane@example.com\n', /control characters/],
  ])('refuses the address %j', (a, message) => expect(addressProblem(a)).toMatch(message));

  it('accepts catch-all aliases and checks their domain', () => {
    expect(aliasProblem('@example.com')).toBeUndefined();
    expect(aliasProblem('@localhost')).toMatch(/catch-all/);
  });

  it('checks domains label by label', () => {
    expect(domainProblem('mail.example.com')).toBeUndefined();
    expect(domainProblem('-bad.example.com')).toMatch(/not a valid/);
    expect(domainProblem(`${'a'.repeat(64)}.com`)).toMatch(/not a valid/);
  });

  it('takes DMS quota sizes only', () => {
    for (const ok of ['0', '10B', '10k', '10M', '10G', '10T', '0M']) expect(quotaProblem(ok)).toBeUndefined();
    for (const bad of ['', '123', 'M', '-60M', '10 M', '26GIGOTS', '00', '10m']) expect(quotaProblem(bad)).toBeDefined();
  });

  it('takes any password that can travel on a line', () => {
    for (const ok of ['p|ass:word with spaces', 'пароль🔑', ' leading']) expect(passwordProblem(ok)).toBeUndefined();
    expect(passwordProblem('')).toMatch(/must not be empty/);
    expect(passwordProblem('a\nb')).toMatch(/line break/);
  });

  it('takes IPv4, IPv6 and CIDR networks, and valid ports', () => {
    for (const ok of ['192.0.2.1', '2001:db8::1', '198.51.100.0/24', '2001:db8::/32']) expect(ipProblem(ok)).toBeUndefined();
    for (const bad of ['192.0.2.256', 'example.com', '10.0.0.0/33', '2001:db8::/129', '1.2.3.4/8/8', '']) expect(ipProblem(bad)).toBeDefined();
    expect(portProblem('587')).toBeUndefined();
    expect(portProblem('70000')).toBeDefined();
  });

  it('refuses all-numeric top labels: 1.2.3.256 is neither an address nor a domain', () => {
    for (const bad of ['1.2.3.256', '999.1.1.1', '1.2.3', 'example.123']) {
      expect(domainProblem(bad)).toMatch(/last label is a number/);
      expect(hostProblem(bad)).toMatch(/not a host name or IP address/);
    }
    expect(hostProblem('192.0.2.1')).toBeUndefined();
    expect(domainProblem('1password.example')).toBeUndefined();
  });

  it('refuses addresses that DMS would read as a comment, or that hide characters', () => {
    expect(addressProblem('#jane@example.com')).toMatch(/starts with '#'/);
    expect(addressProblem('ja\u200bne@example.com')).toBe("'ja\\u200bne@example.com' contains white space or control characters");
    expect(addressProblem('jane\u{e0041}@example.com')).toMatch(/\\u\{e0041\}/);
    expect(addressProblem('j#ane@example.com')).toBeUndefined();
  });

  it('caps quotas at what Dovecot holds (signed 64-bit bytes)', () => {
    expect(quotaProblem('8388607T')).toBeUndefined();
    expect(quotaProblem('9223372036854775807B')).toBeUndefined();
    expect(quotaProblem('9223372036854775808B')).toMatch(/larger than Dovecot can hold \(at most 8388607T\)/);
    expect(quotaProblem('16777216T')).toMatch(/larger than Dovecot can hold/);
  });

  it('caps passwords at what Dovecot authenticates, in bytes, and refuses text that lost bytes in decoding', () => {
    expect(passwordProblem('x'.repeat(MAX_PASSWORD_BYTES))).toBeUndefined();
    expect(passwordProblem('x'.repeat(MAX_PASSWORD_BYTES + 1))).toBe('Password is 512 bytes long; Dovecot accepts at most 511');
    expect(passwordProblem('é'.repeat(256))).toMatch(/512 bytes long/);
    expect(passwordProblem('gr\ufffd\ufffde')).toMatch(/not UTF-8/);
    expect(passwordProblem('gr\udcfce')).toMatch(/not UTF-8/);
  });

  it('names mailwiz writes contain only characters that show', () => {
    expect(visibleNameProblem('ops-team.1', 'a name')).toBeUndefined();
    for (const bad of ['a b', 'a\u00adb', 'a\u2060b', 'a\x1bb', 'a\u0085b', 'a\ufffdb']) expect(visibleNameProblem(bad, 'a name')).toMatch(/cannot be a name/);
  });
});
