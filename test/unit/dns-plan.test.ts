import { describe, expect, it } from 'vitest';
import { dkimKeyFromZoneText } from '../../src/dms/dkim-key.js';
import { mtaStsPolicy, planRecords, splitTxt, tableRows, toTable, toZoneSnippet, type PlannedRecord } from '../../src/dms/dns-plan.js';
import { mtaStsId, parseMtaStsPolicy } from '../../src/dms/mta-sts-policy.js';
import { KEY_2048, OPENDKIM_MAIL_TXT } from '../support/dns-fixtures.js';

const dkim = dkimKeyFromZoneText(OPENDKIM_MAIL_TXT)!;
const full = planRecords({
  domains: ['example.com', 'Example.ORG.'],
  fqdn: 'mail.example.com',
  ipv4: '192.0.2.10',
  ipv6: '2001:db8::10',
  dkim,
  reportAddress: 'dmarc@example.com',
});

function find(records: PlannedRecord[], type: string, name: string): PlannedRecord {
  const record = records.find((r) => r.type === type && r.name === name);
  if (!record) throw new Error(`no ${type} ${name} in the plan`);
  return record;
}

describe('planRecords', () => {
  it('plans the host records once: A, AAAA, and a PTR per IP for the hosting provider', () => {
    expect(full.filter((r) => r.type === 'A' || r.type === 'AAAA' || r.type === 'PTR')).toEqual([
      expect.objectContaining({ name: 'mail.example.com', type: 'A', value: '192.0.2.10', importance: 'required' }),
      expect.objectContaining({ name: 'mail.example.com', type: 'AAAA', value: '2001:db8::10', importance: 'required' }),
      expect.objectContaining({ name: '10.2.0.192.in-addr.arpa', type: 'PTR', value: 'mail.example.com', importance: 'required' }),
      expect.objectContaining({
        name: '0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
        type: 'PTR',
        value: 'mail.example.com',
      }),
    ]);
    expect(find(full, 'PTR', '10.2.0.192.in-addr.arpa').reason).toMatch(/hosting provider/);
  });

  it("plans MX, SPF, DKIM and DMARC per domain as required, with the server's real key", () => {
    for (const domain of ['example.com', 'example.org']) {
      expect(find(full, 'MX', domain)).toMatchObject({ value: 'mail.example.com', priority: 10, importance: 'required' });
      expect(find(full, 'TXT', domain)).toMatchObject({ value: 'v=spf1 ip4:192.0.2.10 ip6:2001:db8::10 ~all', importance: 'required' });
      expect(find(full, 'TXT', `mail._domainkey.${domain}`)).toMatchObject({
        value: `v=DKIM1; k=rsa; p=${KEY_2048}`,
        importance: 'required',
      });
      expect(find(full, 'TXT', `_dmarc.${domain}`)).toMatchObject({
        value: 'v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:dmarc@example.com',
        importance: 'required',
      });
    }
  });

  it('asks the report domain to authorise reports for the other domains only', () => {
    expect(find(full, 'TXT', 'example.org._report._dmarc.example.com')).toMatchObject({ value: 'v=DMARC1', importance: 'recommended' });
    expect(full.some((r) => r.name === 'example.com._report._dmarc.example.com')).toBe(false);
  });

  it('plans MTA-STS with an id that follows the policy text, its host, and TLS-RPT', () => {
    const policy = mtaStsPolicy({ domain: 'example.org', mx: ['mail.example.com'], mode: 'testing' });
    expect(find(full, 'TXT', '_mta-sts.example.org')).toMatchObject({
      value: `v=STSv1; id=${mtaStsId(policy.text)}`,
      importance: 'recommended',
    });
    expect(find(full, 'TXT', '_mta-sts.example.org').reason).toContain('https://mta-sts.example.org/.well-known/mta-sts.txt');
    expect(find(full, 'CNAME', 'mta-sts.example.org')).toMatchObject({ value: 'mail.example.com', importance: 'recommended' });
    expect(find(full, 'TXT', '_smtp._tls.example.org')).toMatchObject({ value: 'v=TLSRPTv1; rua=mailto:dmarc@example.com' });
    const enforced = planRecords({ domains: ['example.org'], fqdn: 'mail.example.com', mtaSts: { mode: 'enforce' } });
    expect(find(enforced, 'TXT', '_mta-sts.example.org').value).not.toBe(find(full, 'TXT', '_mta-sts.example.org').value);
  });

  it('plans client discovery as optional: autoconfig, autodiscover and SRV for IMAP and submission', () => {
    expect(find(full, 'CNAME', 'autoconfig.example.com').importance).toBe('optional');
    expect(find(full, 'CNAME', 'autodiscover.example.com').importance).toBe('optional');
    expect(find(full, 'SRV', '_imaps._tcp.example.com')).toMatchObject({
      value: '1 993 mail.example.com',
      priority: 0,
      importance: 'optional',
    });
    expect(find(full, 'SRV', '_submissions._tcp.example.com').value).toBe('1 465 mail.example.com');
    expect(find(full, 'SRV', '_submission._tcp.example.com').value).toBe('1 587 mail.example.com');
  });

  it('gives every record a one-line reason', () => {
    for (const record of full) {
      expect(record.reason.length).toBeGreaterThan(10);
      expect(record.reason).not.toContain('\n');
    }
  });

  it('falls back to the MX host in SPF without IPs, and asks for no reports without an address', () => {
    const bare = planRecords({ domains: ['example.net'], fqdn: 'mx.example.net' });
    expect(find(bare, 'TXT', 'example.net').value).toBe('v=spf1 mx ~all');
    expect(find(bare, 'TXT', '_dmarc.example.net').value).toBe('v=DMARC1; p=quarantine; adkim=r; aspf=r');
    expect(bare.some((r) => r.name.startsWith('_smtp._tls') || r.type === 'PTR' || r.name.includes('_domainkey'))).toBe(false);
  });

  it('takes one DKIM key per domain', () => {
    const plan = planRecords({
      domains: ['a.example', 'b.example'],
      fqdn: 'mail.a.example',
      dkim: {
        'a.example': { selector: 's1', publicKeyBase64: 'AAAA' },
        'B.example': { selector: 's2', publicKeyBase64: 'BBBB', keyType: 'ed25519' },
      },
    });
    expect(find(plan, 'TXT', 's1._domainkey.a.example').value).toBe('v=DKIM1; k=rsa; p=AAAA');
    expect(find(plan, 'TXT', 's2._domainkey.b.example').value).toBe('v=DKIM1; k=ed25519; p=BBBB');
  });

  it('refuses an invalid name, and an address of the wrong family', () => {
    expect(() => planRecords({ domains: ['example'], fqdn: 'mail.example.com' })).toThrow(/not a domain name/);
    expect(() => planRecords({ domains: ['example.com'], fqdn: 'mail_1.example.com' })).toThrow(/not a valid domain name/);
    expect(() => planRecords({ domains: ['example.com'], fqdn: 'mail.example.com', ipv4: '2001:db8::1' })).toThrow(/not an IPv4/);
    expect(() => planRecords({ domains: ['example.com'], fqdn: 'mail.example.com', ipv6: '192.0.2.1' })).toThrow(/not an IPv6/);
  });
});

describe('splitTxt', () => {
  it('cuts a DKIM value into quoted strings of at most 255 bytes that join back to it', () => {
    const value = `v=DKIM1; k=rsa; p=${KEY_2048}`;
    const chunks = splitTxt(value);
    expect(chunks).toHaveLength(2);
    const inner = chunks.map((c) => c.slice(1, -1));
    expect(inner.map((c) => Buffer.byteLength(c))).toEqual([255, value.length - 255]);
    expect(inner.join('')).toBe(value);
  });

  it('escapes quotes and backslashes, keeps short values whole, and never splits a UTF-8 character', () => {
    expect(splitTxt('say "hi" \\o/')).toEqual(['"say \\"hi\\" \\\\o/"']);
    expect(splitTxt('')).toEqual(['""']);
    const value = `${'a'.repeat(254)}é${'b'.repeat(10)}`;
    expect(splitTxt(value)).toEqual([`"${'a'.repeat(254)}"`, `"é${'b'.repeat(10)}"`]);
  });
});

describe('toZoneSnippet', () => {
  const snippet = toZoneSnippet(full);

  it('writes absolute names, priorities and TTLs', () => {
    expect(snippet).toContain('example.com. 3600 IN MX 10 mail.example.com.\n');
    expect(snippet).toContain('mail.example.com. 3600 IN A 192.0.2.10\n');
    expect(snippet).toContain('_imaps._tcp.example.com. 3600 IN SRV 0 1 993 mail.example.com.\n');
    expect(snippet).toContain('autoconfig.example.org. 3600 IN CNAME mail.example.com.\n');
    expect(snippet).toContain('example.com. 3600 IN TXT "v=spf1 ip4:192.0.2.10 ip6:2001:db8::10 ~all"\n');
    expect(toZoneSnippet(full.slice(0, 1), 300)).toContain('mail.example.com. 300 IN A');
  });

  it('writes the DKIM key as 255-byte strings in parentheses, each record under its reason', () => {
    const [first, second] = splitTxt(`v=DKIM1; k=rsa; p=${KEY_2048}`);
    expect(snippet).toContain(`mail._domainkey.example.com. 3600 IN TXT (\n    ${first}\n    ${second} )\n`);
    expect(snippet).toContain('; required: DKIM: the public half of the key the server signs with');
  });

  it("comments the PTR records out: they belong to the provider's reverse zone", () => {
    expect(snippet).toContain('; 10.2.0.192.in-addr.arpa. 3600 IN PTR mail.example.com.\n');
    expect(snippet).not.toMatch(/^10\.2\.0\.192/m);
  });
});

describe('toTable', () => {
  it('shows every record with its whole value, priority first', () => {
    const table = toTable(full);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Importance\s+Type\s+Name\s+Value\s+Why$/);
    expect(lines).toHaveLength(full.length + 2);
    expect(table).toContain(KEY_2048);
    expect(tableRows(full).find((row) => row[1] === 'MX')?.[3]).toBe('10 mail.example.com');
  });
});

describe('mtaStsPolicy', () => {
  it('writes a policy that parses back, at the well-known URL', () => {
    const policy = mtaStsPolicy({
      domain: 'Example.com',
      mx: ['mail.example.com', 'backup.example.net'],
      mode: 'enforce',
      maxAge: 1209600,
    });
    expect(policy.url).toBe('https://mta-sts.example.com/.well-known/mta-sts.txt');
    expect(policy.text).toBe('version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: backup.example.net\r\nmax_age: 1209600\r\n');
    expect(parseMtaStsPolicy(policy.text)).toEqual({
      policy: { version: 'STSv1', mode: 'enforce', maxAge: 1209600, mx: ['mail.example.com', 'backup.example.net'] },
      problems: [],
    });
    expect(mtaStsId(policy.text)).toMatch(/^[0-9a-f]{20}$/);
  });
});
