import { describe, expect, it } from 'vitest';
import {
  KOPANO_FEATURES,
  KopanoAdminInputError,
  kopanoCreateUser,
  kopanoDefaultQuota,
  kopanoDeleteUser,
  kopanoSetAdmin,
  kopanoSetFeature,
  kopanoSetPassword,
  kopanoSetQuota,
  parseKopanoAdminError,
} from '../../src/services/kopano-admin-commands.js';

const PASSWORD = 'Sec ret;$(rm -rf /)';
const alice = { username: 'alice', email: 'alice@example.test', fullname: 'Alice Liddell', password: PASSWORD };

describe('kopano-admin command builders', () => {
  it('creates a user with the password on stdin twice, never in argv', () => {
    const command = kopanoCreateUser(alice);
    expect(command).toEqual({
      argv: ['kopano-admin', '-c', 'alice', '-e', 'alice@example.test', '-f', 'Alice Liddell', '-P'],
      stdin: `${PASSWORD}\n${PASSWORD}\n`,
    });
    expect(command.argv.join(' ')).not.toContain('Sec');
  });

  it('changes a password through the -P prompt, never -p', () => {
    const command = kopanoSetPassword('alice', PASSWORD);
    expect(command).toEqual({ argv: ['kopano-admin', '-u', 'alice', '-P'], stdin: `${PASSWORD}\n${PASSWORD}\n` });
    expect(command.argv).not.toContain('-p');
  });

  it('asks for a UTF-8 locale, before the options, only for a full name that is not ASCII', () => {
    expect(kopanoCreateUser({ ...alice, fullname: 'José Müller' }).argv.slice(0, 3)).toEqual(['kopano-admin', '--utf8', '-c']);
    expect(kopanoCreateUser(alice).argv).not.toContain('--utf8');
  });

  it('deletes, sets admin and features with one user argument each', () => {
    expect(kopanoDeleteUser('bob').argv).toEqual(['kopano-admin', '-d', 'bob']);
    expect(kopanoSetAdmin('bob', true).argv).toEqual(['kopano-admin', '-u', 'bob', '-a', 'y']);
    expect(kopanoSetAdmin('bob', false).argv).toEqual(['kopano-admin', '-u', 'bob', '-a', 'n']);
    expect(kopanoSetFeature('bob', 'imap', true).argv).toEqual(['kopano-admin', '-u', 'bob', '--enable-feature', 'imap']);
    expect(kopanoSetFeature('bob', 'pop3', false).argv).toEqual(['kopano-admin', '-u', 'bob', '--disable-feature', 'pop3']);
  });

  it("sets the user's own quota in MB, only the levels given, and goes back to the server's", () => {
    expect(kopanoSetQuota('bob', { warn: 80, soft: 90, hard: 100 }).argv).toEqual(['kopano-admin', '-u', 'bob', '--qo', 'y', '--qw', '80', '--qs', '90', '--qh', '100']);
    expect(kopanoSetQuota('bob', { hard: 0 }).argv).toEqual(['kopano-admin', '-u', 'bob', '--qo', 'y', '--qh', '0']);
    expect(kopanoDefaultQuota('bob').argv).toEqual(['kopano-admin', '-u', 'bob', '--qo', 'n']);
  });
});

describe('kopano-admin input checks', () => {
  function refuses(build: () => unknown, message: RegExp): void {
    expect(build).toThrow(KopanoAdminInputError);
    expect(build).toThrow(message);
  }

  it('refuses user names Kopano would not take or that could read as an option', () => {
    for (const name of ['', '-rf', 'a b', 'a;b', 'a\nb', 'ä', 'SYSTEM', 'system', 'Everyone', 'x'.repeat(256)]) {
      expect(() => kopanoDeleteUser(name), JSON.stringify(name)).toThrow(KopanoAdminInputError);
    }
    for (const name of ['bob', 'b.o_b-1', 'bob@example.test', '_svc', 'x'.repeat(255)]) expect(() => kopanoDeleteUser(name)).not.toThrow();
  });

  it('refuses a bad email, a full name with control characters, and a password that cannot travel as one line', () => {
    refuses(() => kopanoCreateUser({ ...alice, email: 'alice' }), /should include the domain/);
    refuses(() => kopanoCreateUser({ ...alice, fullname: 'Alice\u001b[2J' }), /control or invisible/);
    refuses(() => kopanoCreateUser({ ...alice, fullname: ' ' }), /empty/);
    refuses(() => kopanoSetPassword('alice', ''), /empty/);
    refuses(() => kopanoSetPassword('alice', 'a\nb'), /line break/);
    refuses(() => kopanoSetPassword('alice', 'a\0b'), /NUL/);
    refuses(() => kopanoSetPassword('alice', 'é'.repeat(40)), /80 bytes long; kopano-admin takes at most 79/);
    expect(() => kopanoSetPassword('alice', 'x'.repeat(79))).not.toThrow();
  });

  it('refuses quota levels that are not whole MB or not in order, 0 being unlimited', () => {
    refuses(() => kopanoSetQuota('bob', {}), /at least one/);
    refuses(() => kopanoSetQuota('bob', { warn: -1 }), /whole number/);
    refuses(() => kopanoSetQuota('bob', { soft: 1.5 }), /whole number/);
    refuses(() => kopanoSetQuota('bob', { warn: 100, soft: 90 }), /warn level must not be above the soft/);
    refuses(() => kopanoSetQuota('bob', { warn: 100, hard: 90 }), /warn level must not be above the hard/);
    refuses(() => kopanoSetQuota('bob', { soft: 0, hard: 100 }), /soft level must not be above the hard/);
    refuses(() => kopanoSetQuota('bob', { hard: 2 ** 33 }), /larger than/);
    expect(kopanoSetQuota('bob', { warn: 90, soft: 100, hard: 0 }).argv).toContain('--qh');
  });

  it('takes only the features Kopano knows', () => {
    expect(KOPANO_FEATURES).toEqual(['imap', 'pop3', 'mobile', 'outlook', 'webapp']);
    refuses(() => kopanoSetFeature('bob', 'IMAP', true), /not a Kopano feature/);
    refuses(() => kopanoSetFeature('bob', 'smtp', false), /not a Kopano feature/);
  });
});

describe('parseKopanoAdminError', () => {
  const HINT = 'Using the -v option (possibly multiple times) may give more hints.\n';

  it('maps kopano-admin messages to one line, past the password prompts and the closing hints', () => {
    expect(parseKopanoAdminError(`Type password:Retype password:Unable to create user: "alice" already exists\nCheck server.log for details.\n${HINT}`, 1)).toBe(
      "A Kopano user named 'alice' already exists",
    );
    expect(parseKopanoAdminError(`Failed to resolve user: "bob" not found\n${HINT}`, 1)).toBe("Kopano has no user 'bob'");
    expect(parseKopanoAdminError('Type password:Retype password:Passwords don\'t match\n', 1)).toMatch(/two different passwords/);
    expect(parseKopanoAdminError('Username (-u) cannot be SYSTEM\n', 1)).toMatch(/built-in account/);
    expect(parseKopanoAdminError(`The server is not running, or not accessible through "default:".\n${HINT}`, 1)).toBe(
      'The Kopano server is not running or cannot be reached at default:',
    );
  });

  it('passes other messages on, reads --verbose error lines, and says when there is no reason', () => {
    expect(parseKopanoAdminError(`[error  ] Unable to update user information: no access (80070005)\n${HINT}`, 1)).toBe(
      'Unable to update user information: no access (80070005)',
    );
    expect(parseKopanoAdminError(HINT, 1)).toMatch(/without a reason.*--verbose 2/);
    expect(parseKopanoAdminError('Quota levels are provided, but not quota level override\n', 0)).toBeUndefined();
  });
});
