import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifySha512Crypt } from '../../src/dms/sha512-crypt.js';
import { eventually } from '../support/eventually.js';
import { imapLogin } from '../support/mail-clients.js';
import { expectRefused, setupCli } from '../support/setup-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const user = `user@${TEST_DOMAIN}`;
const testbed = useTestbed({ accounts: [{ address: user, password: 'user-pass' }] });
const setup = setupCli(testbed);

const mastersFile = (): string => join(testbed().configDir, 'dovecot-masters.cf');
const loginAsMaster = (master: string, password: string): Promise<boolean> =>
  imapLogin(testbed().port(143), `${user}*${master}`, password);

describe('setup dovecot-master', () => {
  it('list fails like DMS while there is no master file', async () => {
    const list = await setup(['dovecot-master', 'list']);
    expect(list.exitCode).toBe(1);
    expect(list.stderr).toMatch(/ERROR listdovecotmasteruser: '\/tmp\/docker-mailserver\/dovecot-masters\.cf' does not exist/);
  });

  it('add: the master logs in to a mailbox as user*master over IMAP', async () => {
    const added = await setup(['dovecot-master', 'add', 'Admin', 'master pass']);
    expect(added).toMatchObject({ exitCode: 0, stdout: '' });
    expect(added.stderr).toMatch(/WARN {2}adddovecotmasteruser: Mail account 'Admin' has uppercase letters and will be normalized to 'admin'/);
    const line = await readFile(mastersFile(), 'utf8');
    expect(line).toMatch(/^admin\|\{SHA512-CRYPT\}\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}\n$/);
    expect(verifySha512Crypt('master pass', line.trim().split('|')[1]!)).toBe(true);
    expect((await stat(mastersFile())).mode & 0o777).toBe(0o600);
    expect(await eventually(() => loginAsMaster('admin', 'master pass'))).toBe(true);
    expect(await loginAsMaster('admin', 'user-pass')).toBe(false);
  });

  it('list: `* name` and an empty line per master, or JSON', async () => {
    expect(await setup(['dovecot-master', 'list'])).toMatchObject({ exitCode: 0, stdout: '* admin\n\n' });
    expect(JSON.parse((await setup(['dovecot-master', 'list', '--json'])).stdout)).toEqual([{ username: 'admin' }]);
  });

  it('update: the password from standard input (asked twice) replaces the old one', async () => {
    const updated = await setup(['dovecot-master', 'update', 'admin'], 'new master pass\nnew master pass\n');
    expect(updated.exitCode, updated.stderr).toBe(0);
    expect(updated.stdout + updated.stderr).not.toContain('new master pass');
    expect(await eventually(() => loginAsMaster('admin', 'new master pass'))).toBe(true);
    expect(await loginAsMaster('admin', 'master pass')).toBe(false);
  });

  it('refuses invalid input with one error line and no file change', async () => {
    const tb = testbed();
    await expectRefused(tb, () => setup(['dovecot-master', 'add', 'admin', 'x']), /ERROR adddovecotmasteruser: 'admin' already exists$/);
    await expectRefused(tb, () => setup(['dovecot-master', 'update', 'nobody', 'x']), /'nobody' does not exist$/);
    await expectRefused(tb, () => setup(['dovecot-master', 'add', 'a b', 'x']), /'a b' cannot be a master user name/);
    await expectRefused(tb, () => setup(['dovecot-master', 'add', 'x*y', 'x']), /'x\*y' cannot be a master user name/);
    await expectRefused(tb, () => setup(['dovecot-master', 'add', '', 'x']), /No account specified$/);
    await expectRefused(tb, () => setup(['dovecot-master', 'add', 'other'], 'one\ntwo\n'), /Passwords do not match!$/);
    await expectRefused(tb, () => setup(['dovecot-master', 'add', 'other'], '\n'), /Password must not be empty$/);
    const usage = await setup(['dovecot-master', 'add']);
    expect(usage).toMatchObject({ exitCode: 1 });
    expect(usage.stdout).toContain('./setup.sh dovecot-master add <MASTER ACCOUNT> [<PASSWORD>]');
  });

  it('del: removes the master (unknown names are fine); it can no longer log in', async () => {
    const deleted = await setup(['dovecot-master', 'del', 'admin', 'never-existed']);
    expect(deleted).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await readFile(mastersFile(), 'utf8')).toBe('');
    expect(await eventually(async () => !(await loginAsMaster('admin', 'new master pass')))).toBe(true);
  });
});
