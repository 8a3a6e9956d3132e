import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KopanoOutputError, parseHumanSize, parseKopanoUserDetails, parseKopanoUserList, splitDetails } from '../../src/formats/kopano/admin-output.js';

/** A sample without its header comment (which says how it was written): exactly what kopano-admin prints. */
const sample = (name: string): string =>
  readFileSync(new URL(`samples/kopano-admin-${name}.txt`, import.meta.url), 'utf8').replace(/^(?:# [^\n]*\n)+/, '');

const MB = 2 ** 20;

describe('parseKopanoUserList', () => {
  it('reads the users of kopano-admin -l, tab padding and all, without SYSTEM', () => {
    expect(parseKopanoUserList(sample('list'))).toEqual([
      { username: 'alice', fullname: 'Alice Liddell' },
      { username: 'bob', fullname: 'Bob' },
      { username: 'carol.longname@example.test', fullname: 'Carol Longname-Featherstonehaugh' },
    ]);
  });

  it('reads every company block and the home servers of a multi-server setup', () => {
    expect(parseKopanoUserList(sample('list-hosted'))).toEqual([
      { username: 'dave@acme', fullname: 'Dave Acme', homeserver: 'node1' },
      { username: 'erin@acme', fullname: 'Erin Acme', homeserver: 'node2' },
      { username: 'frank@beta', fullname: 'Frank Beta', homeserver: 'node2' },
    ]);
  });

  it('refuses a list whose rows do not match the count, as a name with a line break would print', () => {
    const forged = sample('list').replace('Alice Liddell', 'Alice\n\tmallory\t\tMallory');
    expect(() => parseKopanoUserList(forged)).toThrow(KopanoOutputError);
    expect(parseKopanoUserList('')).toEqual([]);
  });
});

describe('parseKopanoUserDetails', () => {
  it('reads an active admin with own quota, features, aliases and groups', () => {
    const alice = parseKopanoUserDetails(sample('details-alice'));
    expect(alice).toEqual({
      username: 'alice',
      fullname: 'Alice Liddell',
      email: 'alice@example.test',
      active: true,
      admin: 'yes',
      hidden: false,
      quota: { override: true, warn: 900 * MB, soft: 950 * MB, hard: Math.round(0.97 * 1024 * MB), text: { warn: '900.0M', soft: '950.0M', hard: '0.97G' } },
      storeSize: Math.round(12.3 * MB),
      storeSizeText: '12.3M',
      features: { enabled: ['imap', 'mobile', 'outlook', 'webapp'], disabled: ['pop3'] },
      aliases: ['alice.liddell@example.test', 'al@example.test', 'a.liddell@example.test'],
      groups: ['Everyone', 'sales'],
      mapped: {
        PR_TITLE: 'Head of Wonderland',
        PR_EC_ENABLED_FEATURES: 'imap; mobile; outlook; webapp',
        PR_EC_DISABLED_FEATURES: 'pop3',
        PR_EMS_AB_PROXY_ADDRESSES: 'smtp:alice.liddell@example.test; SMTP:al@example.test; a.liddell@example.test',
      },
    });
  });

  it('reads a hidden shared store on the server quota, unlimited', () => {
    const info = parseKopanoUserDetails(sample('details-shared'))!;
    expect(info).toMatchObject({ username: 'info', active: false, nonActiveType: 'Shared store', admin: 'no', hidden: true, storeSize: 512 });
    expect(info.quota).toEqual({ override: false, warn: undefined, soft: undefined, hard: undefined, text: { warn: 'unlimited', soft: 'unlimited', hard: 'unlimited' } });
    expect(info.features).toEqual({ enabled: ['mobile', 'outlook', 'webapp'], disabled: ['imap', 'pop3'] });
    expect(info.aliases).toEqual([]);
  });

  it('reads a system admin without a store: no quota, size or groups, an empty feature list', () => {
    const postmaster = parseKopanoUserDetails(sample('details-nostore'))!;
    expect(postmaster).toMatchObject({ username: 'postmaster', admin: 'system', homeserver: 'node1', groups: [] });
    expect(postmaster.quota).toBeUndefined();
    expect(postmaster.storeSize).toBeUndefined();
    expect(postmaster.features).toEqual({ enabled: ['imap', 'mobile', 'outlook', 'webapp'], disabled: [] });
  });

  it('gives nothing for output without a user, and refuses a label printed twice', () => {
    expect(parseKopanoUserDetails('')).toBeUndefined();
    const forged = sample('details-shared').replace('Info desk', 'Info desk\nAdministrator:\t\tyes (system)');
    expect(() => parseKopanoUserDetails(forged)).toThrow(/Administrator:" twice/);
  });

  it('keeps escapes and control characters as they are, for the screen to sanitize', () => {
    const raw = 'Evil \\x1b[31m \u001b]0;x\u0007';
    expect(parseKopanoUserDetails(sample('details-shared').replace('Info desk', raw))?.fullname).toBe(raw);
  });
});

describe('parseHumanSize', () => {
  it('reads each form of number_to_humansize: bytes, whole K, two decimals under 10, one from 10', () => {
    expect(parseHumanSize('0')).toBe(0);
    expect(parseHumanSize('999')).toBe(999);
    expect(parseHumanSize('0K')).toBe(0);
    expect(parseHumanSize('999K')).toBe(999 * 1024);
    expect(parseHumanSize('1.00G')).toBe(2 ** 30);
    expect(parseHumanSize('5.28M')).toBe(Math.round(5.28 * MB));
    expect(parseHumanSize('100.0M')).toBe(100 * MB);
    expect(parseHumanSize('4.00E')).toBe(2 ** 62);
  });

  it('gives undefined for unlimited and for what is not a size', () => {
    for (const text of ['unlimited', '', '12.3X', '-1M', '1,5M']) expect(parseHumanSize(text)).toBeUndefined();
  });
});

describe('splitDetails', () => {
  it('splits one exec of -l and several --details on NUL, keeping an empty part for a user that printed nothing', () => {
    const parts = splitDetails([sample('list'), sample('details-alice'), '', sample('details-shared')].join('\0'));
    expect(parts).toHaveLength(4);
    expect(parseKopanoUserList(parts[0]!).map((u) => u.username)).toEqual(['alice', 'bob', 'carol.longname@example.test']);
    expect(parts.slice(1).map((p) => parseKopanoUserDetails(p)?.username)).toEqual(['alice', undefined, 'info']);
  });
});
