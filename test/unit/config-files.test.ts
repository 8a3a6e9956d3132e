import { describe, expect, it } from 'vitest';
import { entryLines } from '../../src/dms/config-lines.js';
import { KeyedFile } from '../../src/dms/keyed-file.js';
import { VirtualFile } from '../../src/dms/virtual-file.js';

const ACCOUNTS = [
  '# accounts managed by hand too',
  'alice@example.com|{SHA512-CRYPT}$6$abc$def',
  '',
  'Bob@Example.com|{SHA512-CRYPT}$6$ghi$jkl|userdb_mail=maildir:~/Maildir',
].join('\r\n');

describe('KeyedFile (postfix-accounts.cf, dovecot-quotas.cf …)', () => {
  it('finds keys case-insensitively and keeps comments, blank lines, CRLF ends and order when editing one line', () => {
    const file = KeyedFile.parse(ACCOUNTS, '|');
    expect(file.has('bob@example.com')).toBe(true);
    expect(file.get('ALICE@example.com')).toBe('{SHA512-CRYPT}$6$abc$def');
    const edited = file.set('alice@example.com', '{SHA512-CRYPT}$6$new$hash').toString();
    expect(edited).toBe(
      '# accounts managed by hand too\r\nalice@example.com|{SHA512-CRYPT}$6$new$hash\r\n\r\nBob@Example.com|{SHA512-CRYPT}$6$ghi$jkl|userdb_mail=maildir:~/Maildir\n',
    );
  });

  it('appends new keys, removes every line of a key, and writes nothing for an empty file', () => {
    const file = KeyedFile.parse('a@x.org:10M', ':');
    expect(file.set('b@x.org', '1G').toString()).toBe('a@x.org:10M\nb@x.org:1G\n');
    expect(file.remove('A@X.ORG').toString()).toBe('');
    expect(KeyedFile.parse('', ':').toString()).toBe('');
  });

  it('splits white-space separated files at the first run of blanks', () => {
    const relay = KeyedFile.parse('@example.com  [relay.example.net]:587\n@other.org \n', ' ');
    expect(relay.entries()).toEqual([
      { key: '@example.com', value: '[relay.example.net]:587' },
      { key: '@other.org', value: '' },
    ]);
  });

  it('entryLines skips comments and blank lines, trimming CRLF', () => {
    expect(entryLines(ACCOUNTS)).toHaveLength(2);
  });
});

describe('VirtualFile (postfix-virtual.cf)', () => {
  const text = 'info@example.com alice@example.com,bob@example.com\n@example.org alice@example.com\n# comment\n';

  it('lists aliases and which aliases deliver to an account', () => {
    const file = VirtualFile.parse(text);
    expect(file.entries()).toEqual([
      { alias: 'info@example.com', targets: ['alice@example.com', 'bob@example.com'] },
      { alias: '@example.org', targets: ['alice@example.com'] },
    ]);
    expect(file.aliasesOf('ALICE@example.com')).toEqual(['info@example.com', '@example.org']);
  });

  it('adds a target once, removes targets and drops an alias with its last target', () => {
    const file = VirtualFile.parse(text);
    expect(file.addTarget('info@example.com', 'bob@example.com')).toBeUndefined();
    expect(file.addTarget('info@example.com', 'carol@example.com')?.targetsOf('info@example.com')).toEqual([
      'alice@example.com',
      'bob@example.com',
      'carol@example.com',
    ]);
    expect(file.addTarget('new@example.com', 'a@b.co')?.toString()).toContain('new@example.com a@b.co\n');
    expect(file.removeRecipient('alice@example.com').toString()).toBe('info@example.com bob@example.com\n# comment\n');
  });
});
