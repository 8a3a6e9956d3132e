import { describe, expect, it } from 'vitest';
import { addressProblem, aliasProblem, domainProblem, ipProblem, passwordProblem, portProblem, quotaProblem } from '../../src/dms/validate.js';

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
});
