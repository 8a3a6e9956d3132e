import { describe, expect, it } from 'vitest';
import { dkimKeyFor, dkimKeyFromZoneText, inspectDkimKey } from '../../src/dms/dkim-key.js';
import { inNetwork, ipBytes, reverseName, sameIp } from '../../src/dms/dns-ip.js';
import { organisationalDomain, sameOrganisation } from '../../src/dms/dns-org-domain.js';
import { parseTagList, quotedStrings } from '../../src/dms/dns-txt.js';
import { mxPatternCovers, parseMtaStsPolicy } from '../../src/dms/mta-sts-policy.js';
import { parseReportUris } from '../../src/dms/report-uri.js';
import { KEY_1024, KEY_2048, KEY_512, OPENDKIM_MAIL_TXT } from '../support/dns-fixtures.js';

describe('IP addresses', () => {
  it('reads IPv4, IPv6 (compressed, full, with an IPv4 tail) as bytes', () => {
    expect(ipBytes('192.0.2.10')).toEqual([192, 0, 2, 10]);
    expect(ipBytes('2001:db8::1')).toEqual([0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1]);
    expect(ipBytes('::ffff:192.0.2.1')?.slice(10)).toEqual([0xff, 0xff, 192, 0, 2, 1]);
    expect(ipBytes('mail.example.com')).toBeUndefined();
  });

  it('matches networks of any prefix length, never across families', () => {
    expect(inNetwork('192.0.2.10', '192.0.2.0', 24)).toBe(true);
    expect(inNetwork('192.0.3.10', '192.0.2.0', 23)).toBe(true);
    expect(inNetwork('192.0.4.10', '192.0.2.0', 23)).toBe(false);
    expect(inNetwork('10.1.2.3', '0.0.0.0', 0)).toBe(true);
    expect(inNetwork('2001:db8:0:1::5', '2001:db8::', 48)).toBe(true);
    expect(inNetwork('2001:db9::5', '2001:db8::', 32)).toBe(false);
    expect(inNetwork('192.0.2.10', '::', 0)).toBe(false);
    expect(sameIp('2001:DB8:0:0::10', '2001:db8::10')).toBe(true);
  });

  it('names the reverse zones', () => {
    expect(reverseName('192.0.2.10')).toBe('10.2.0.192.in-addr.arpa');
    expect(reverseName('2001:db8::1')).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
  });
});

describe('TXT text', () => {
  it('reads the strings of a zone-file fragment, skipping comments and unescaping', () => {
    expect(quotedStrings('x IN TXT ( "a;b" ; comment "not this"\n "c\\"d\\\\" "\\065" )')).toEqual(['a;b', 'c"d\\', 'A']);
  });

  it('parses tag lists with their order and problems', () => {
    const list = parseTagList(' v=DKIM1 ; k = rsa; p=AB CD; ');
    expect([...list.tags]).toEqual([
      ['v', 'DKIM1'],
      ['k', 'rsa'],
      ['p', 'AB CD'],
    ]);
    expect(list.problems).toEqual([]);
    expect(parseTagList('v=DMARC1; p=none; p=reject; junk').problems).toEqual([
      'the tag p= appears twice',
      "'junk' is not a tag=value pair",
    ]);
  });
});

describe('DKIM keys', () => {
  it("reads the selector and key from opendkim-genkey's mail.txt", () => {
    expect(dkimKeyFromZoneText(OPENDKIM_MAIL_TXT)).toEqual({ selector: 'mail', publicKeyBase64: KEY_2048, keyType: 'rsa' });
    expect(dkimKeyFromZoneText('nothing here')).toBeUndefined();
  });

  it('measures RSA keys and names what is wrong with a broken one', () => {
    expect(inspectDkimKey(KEY_2048)).toEqual({ ok: true, type: 'rsa', bits: 2048 });
    expect(inspectDkimKey(KEY_1024)).toEqual({ ok: true, type: 'rsa', bits: 1024 });
    expect(inspectDkimKey(KEY_512)).toEqual({ ok: true, type: 'rsa', bits: 512 });
    expect(inspectDkimKey(KEY_2048.slice(0, 200))).toMatchObject({ ok: false, problem: expect.stringMatching(/cut off/) });
    expect(inspectDkimKey(KEY_2048.slice(0, 211))).toMatchObject({ ok: false, problem: expect.stringMatching(/base64/) });
    expect(inspectDkimKey(Buffer.alloc(32, 7).toString('base64'), 'ed25519')).toEqual({ ok: true, type: 'ed25519', bits: 256 });
    expect(inspectDkimKey(KEY_2048, 'dsa')).toMatchObject({ ok: false });
  });

  it("finds a domain's key in a per-domain table, case-insensitively", () => {
    const key = { selector: 'mail', publicKeyBase64: KEY_2048 };
    expect(dkimKeyFor(key, 'any.example')).toBe(key);
    expect(dkimKeyFor({ 'Example.com': key }, 'example.com.')).toBe(key);
    expect(dkimKeyFor({ 'example.com': key }, 'example.org')).toBeUndefined();
  });
});

describe('report URIs', () => {
  it('reads mailto with a size limit, and https where allowed', () => {
    expect(parseReportUris('mailto:dmarc@example.com!10m, mailto:dmarc%2Bx@Example.NET', ['mailto']).uris).toEqual([
      { uri: 'mailto:dmarc@example.com!10m', scheme: 'mailto', address: 'dmarc@example.com', domain: 'example.com' },
      { uri: 'mailto:dmarc%2Bx@Example.NET', scheme: 'mailto', address: 'dmarc+x@Example.NET', domain: 'example.net' },
    ]);
    expect(parseReportUris('https://reports.example.com/tlsrpt', ['mailto', 'https']).uris).toEqual([
      { uri: 'https://reports.example.com/tlsrpt', scheme: 'https' },
    ]);
    expect(parseReportUris('dmarc@example.com', ['mailto']).problems).toEqual(["'dmarc@example.com' is not a mailto: URI"]);
  });
});

describe('organisational domains', () => {
  it('takes the registrable domain from the Public Suffix List, its private section included', () => {
    expect(organisationalDomain('mail.example.com')).toBe('example.com');
    expect(organisationalDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(organisationalDomain('Mail.ABC.de.')).toBe('abc.de');
    expect(organisationalDomain('lists.example.gov.au')).toBe('example.gov.au');
    expect(organisationalDomain('news.project.github.io')).toBe('project.github.io');
    expect(organisationalDomain('lists.good.test')).toBe('good.test');
    expect(organisationalDomain('co.uk')).toBe('co.uk');
    expect(sameOrganisation('alice.github.io', 'bob.github.io')).toBe(false);
    expect(sameOrganisation('news.example.com', 'example.com')).toBe(true);
    expect(sameOrganisation('example.com', 'example.net')).toBe(false);
  });
});

describe('MTA-STS policy files', () => {
  it('names each invalid field', () => {
    const { problems } = parseMtaStsPolicy('version: STSv2\nmode: strict\nmx: mail.example.com\nmax_age: soon\nmax_age: 5\nnonsense\n');
    expect(problems).toEqual([
      "version is 'STSv2', expected STSv1",
      "mode 'strict' is not enforce, testing or none",
      "max_age 'soon' is not a number of seconds up to 31557600",
      'max_age appears twice',
      "'nonsense' is not a key: value line",
    ]);
    expect(parseMtaStsPolicy('version: STSv1\nmode: enforce\nmax_age: 99999999999\n').problems).toEqual([
      "max_age '99999999999' is not a number of seconds up to 31557600",
      'max_age is missing',
      'no mx line: senders cannot match any MX',
    ]);
  });

  it('lets a wildcard cover exactly one more label', () => {
    expect(mxPatternCovers('*.example.com', 'mail.example.com')).toBe(true);
    expect(mxPatternCovers('*.example.com', 'a.mail.example.com')).toBe(false);
    expect(mxPatternCovers('*.example.com', 'example.com')).toBe(false);
    expect(mxPatternCovers('Mail.Example.com.', 'mail.example.com')).toBe(true);
  });
});
