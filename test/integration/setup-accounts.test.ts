import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { imapLogin, inboxSubjects, sendMail } from '../support/mail-clients.js';
import { runCli } from '../support/run-cli.js';
import { TEST_DOMAIN, useTestbed, type Testbed } from '../support/testbed.js';

const testbed = useTestbed({ accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'seed-password' }] });

type Result = { stdout: string; stderr: string; exitCode: number };
type Runner = (args: string[], stdin?: string) => Promise<Result>;

/** The same `setup` command line, run from the host over the Docker API, or inside the container as `setup`. */
const runners: [string, (tb: Testbed) => Runner][] = [
  ['from the host (-c NAME)', (tb) => (args, stdin) => runCli(['-c', tb.name, 'setup', ...args], { input: stdin ?? '' })],
  ['inside the container (docker exec … setup)', (tb) => (args, stdin) => tb.target.exec(['setup', ...args], { stdin: stdin ?? '' })],
];

async function configFiles(tb: Testbed): Promise<Record<string, string>> {
  const names = ['postfix-accounts.cf', 'postfix-virtual.cf', 'dovecot-quotas.cf'];
  const texts = await Promise.all(names.map((n) => readFile(join(tb.configDir, n), 'utf8').catch(() => '<absent>')));
  return Object.fromEntries(names.map((n, i) => [n, texts[i]!]));
}

describe.each(runners)('setup %s', (label, makeRunner) => {
  const prefix = label.startsWith('from') ? 'host' : 'inside';
  const user = `${prefix}-user@${TEST_DOMAIN}`;
  const alias = `${prefix}-alias@${TEST_DOMAIN}`;
  let setup: Runner;

  beforeAll(async () => {
    if (prefix === 'inside') {
      const install = await runCli(['-c', testbed().name, 'install-setup']);
      expect(install.exitCode, install.stderr).toBe(0);
    }
    setup = makeRunner(testbed());
  }, 300_000);

  it('email add: the account logs in over IMAP once --wait returns, and receives mail', async () => {
    const password = 'pä ss|w:rd 🔑';
    const added = await setup(['email', 'add', user, password, '--wait']);
    expect(added).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await imapLogin(testbed().port(143), user, password)).toBe(true);
    expect(await imapLogin(testbed().port(143), user, 'wrong')).toBe(false);
    await sendMail(testbed().port(25), { from: `someone@${TEST_DOMAIN}`, to: user, subject: `hello ${prefix}` });
    expect(await eventually(async () => (await inboxSubjects(testbed().port(143), user, password)).includes(`hello ${prefix}`))).toBe(true);
  });

  it('email add --from-file -: every account in one write; the passwords (spaces and all) log in', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `${prefix}-bulk${i}@${TEST_DOMAIN} pass word ${i}${i % 2 ? '\r' : ''}\n`);
    const added = await setup(['email', 'add', '--from-file', '-', '--wait'], `# new users\n\n${lines.join('')}`);
    expect(added, added.stderr).toMatchObject({ exitCode: 0, stdout: 'Added 40 accounts.\n' });
    const accounts = await readFile(join(testbed().configDir, 'postfix-accounts.cf'), 'utf8');
    for (let i = 0; i < 40; i++) expect(accounts).toContain(`${prefix}-bulk${i}@${TEST_DOMAIN}|{SHA512-CRYPT}$6$`);
    expect(await imapLogin(testbed().port(143), `${prefix}-bulk39@${TEST_DOMAIN}`, 'pass word 39')).toBe(true);
    expect(await imapLogin(testbed().port(143), `${prefix}-bulk7@${TEST_DOMAIN}`, 'pass word 7')).toBe(true);
  });

  it('email add --from-file: one problem adds none, and each problem is named by its line, never by its password', async () => {
    const before = await configFiles(testbed());
    const text = `${prefix}-fresh@${TEST_DOMAIN} secret-one\nseed@${TEST_DOMAIN} secret-two\nnot-an-address secret-three\n${prefix}-fresh@${TEST_DOMAIN} secret-four\n`;
    const refused = await setup(['email', 'add', '--from-file', '-'], text);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/ERROR addmailuser: Nothing was added: line 3: .*; line 4: '.*-fresh@.*' is also on line 1/);
    expect(refused.stderr).not.toMatch(/secret-/);
    const exists = await setup(['email', 'add', '--from-file', '-'], `${prefix}-fresh@${TEST_DOMAIN} secret-one\nseed@${TEST_DOMAIN} secret-two\n`);
    expect(exists.stderr).toMatch(/line 2: 'seed@.*' already exists/);
    expect(await setup(['email', 'add', '--from-file', '-'], `${prefix}-fresh@${TEST_DOMAIN}\n`)).toMatchObject({ exitCode: 1 });
    expect(await configFiles(testbed())).toEqual(before);
  });

  it('alias add --from-file and quota set --from-file: many in one write each, all or none, problems named by line', async () => {
    const aliases = `# team\n${prefix}-team@${TEST_DOMAIN} seed@${TEST_DOMAIN}\n${prefix}-team@${TEST_DOMAIN}\t${prefix}-bulk1@${TEST_DOMAIN}\r\n${prefix}-sales@${TEST_DOMAIN} seed@${TEST_DOMAIN}\n`;
    const added = await setup(['alias', 'add', '--from-file', '-', '--wait'], aliases);
    expect(added, added.stderr).toMatchObject({ exitCode: 0, stdout: 'Added 3 aliases.\n' });
    const virtual = await readFile(join(testbed().configDir, 'postfix-virtual.cf'), 'utf8');
    expect(virtual).toContain(`${prefix}-team@${TEST_DOMAIN} seed@${TEST_DOMAIN},${prefix}-bulk1@${TEST_DOMAIN}`);
    expect(virtual).toContain(`${prefix}-sales@${TEST_DOMAIN} seed@${TEST_DOMAIN}`);

    const before = await configFiles(testbed());
    const refused = await setup(['alias', 'add', '--from-file', '-'], `${prefix}-new@${TEST_DOMAIN} seed@${TEST_DOMAIN}\n${prefix}-sales@${TEST_DOMAIN} seed@${TEST_DOMAIN}\nseed@${TEST_DOMAIN} x@${TEST_DOMAIN}\nonly-one-word\n`);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/Nothing was added: line 4: expected "ALIAS RECIPIENT"/);
    const clash = await setup(['alias', 'add', '--from-file', '-'], `${prefix}-new@${TEST_DOMAIN} seed@${TEST_DOMAIN}\n${prefix}-sales@${TEST_DOMAIN} seed@${TEST_DOMAIN}\nseed@${TEST_DOMAIN} x@${TEST_DOMAIN}\n`);
    expect(clash.stderr).toMatch(/line 2: .*already an alias for recipient.*; line 3: 'seed@.*' is already defined as an account/);
    expect(await configFiles(testbed())).toEqual(before);

    const quotas = await setup(['quota', 'set', '--from-file', '-'], `seed@${TEST_DOMAIN} 50M\n${prefix}-bulk1@${TEST_DOMAIN} 1G\n`);
    expect(quotas, quotas.stderr).toMatchObject({ exitCode: 0, stdout: 'Set 2 quotas.\n' });
    const quotaFile = await readFile(join(testbed().configDir, 'dovecot-quotas.cf'), 'utf8');
    expect(quotaFile).toContain(`seed@${TEST_DOMAIN}:50M`);
    expect(quotaFile).toContain(`${prefix}-bulk1@${TEST_DOMAIN}:1G`);
    const unknown = await setup(['quota', 'set', '--from-file', '-'], `seed@${TEST_DOMAIN} 60M\nnobody@${TEST_DOMAIN} 1G\nseed@${TEST_DOMAIN} 10 M\n`);
    expect(unknown).toMatchObject({ exitCode: 1 });
    expect(unknown.stderr).toMatch(/Nothing was changed: line 3: expected "ADDRESS QUOTA"/);
    const missing = await setup(['quota', 'set', '--from-file', '-'], `seed@${TEST_DOMAIN} 60M\nnobody@${TEST_DOMAIN} 1G\n`);
    expect(missing.stderr).toMatch(/Nothing was changed: line 2: 'nobody@.*' does not exist/);
    expect(await readFile(join(testbed().configDir, 'dovecot-quotas.cf'), 'utf8')).toBe(quotaFile);
  });

  it('email update: afterwards only the new password works', async () => {
    const updated = await setup(['email', 'update', user, 'second-password', '--wait']);
    expect(updated.exitCode, updated.stderr).toBe(0);
    expect(await imapLogin(testbed().port(143), user, 'second-password')).toBe(true);
    expect(await imapLogin(testbed().port(143), user, 'pä ss|w:rd 🔑')).toBe(false);
  });

  it('reads a missing password twice from standard input, and refuses two different ones', async () => {
    const other = `${prefix}-stdin@${TEST_DOMAIN}`;
    const mismatch = await setup(['email', 'add', other], 'one\ntwo\n');
    expect(mismatch.exitCode).toBe(1);
    expect(mismatch.stderr).toMatch(/ERROR addmailuser: Passwords do not match!/);
    // mailwiz's flags go before the command here: after the address stands the password, in DMS's grammar.
    const added = await setup(['--wait', 'email', 'add', other], 'from stdin\nfrom stdin\n');
    expect(added.exitCode, added.stderr).toBe(0);
    expect(await imapLogin(testbed().port(143), other, 'from stdin')).toBe(true);
  });

  it('alias add: mail to the alias reaches its target; alias list shows it', async () => {
    const added = await setup(['alias', 'add', alias, user, '--wait']);
    expect(added.exitCode, added.stderr).toBe(0);
    await sendMail(testbed().port(25), { from: `someone@${TEST_DOMAIN}`, to: alias, subject: `via alias ${prefix}` });
    expect(
      await eventually(async () => (await inboxSubjects(testbed().port(143), user, 'second-password')).includes(`via alias ${prefix}`)),
    ).toBe(true);
    const list = await setup(['alias', 'list']);
    expect(list.stdout, JSON.stringify(list)).toContain(`* ${alias} ${user}\n\n`);
    const json = JSON.parse((await setup(['alias', 'list', '--json'])).stdout) as { alias: string; targets: string[] }[];
    expect(json).toContainEqual({ alias, targets: [user] });
  });

  it('quota set: Dovecot enforces the limit; email list shows use, limit and aliases like DMS', async () => {
    const set = await setup(['quota', 'set', user, '20k']);
    expect(set.exitCode, set.stderr).toBe(0);
    const limitApplied = await eventually(async () => {
      const quota = await testbed().target.exec(['doveadm', '-f', 'tab', 'quota', 'get', '-u', user]);
      return /STORAGE\t\d+\t20\t/.test(quota.stdout);
    });
    expect(limitApplied).toBe(true);
    await sendMail(testbed().port(25), { from: `big@${TEST_DOMAIN}`, to: user, subject: `too big ${prefix}`, text: 'x'.repeat(60_000) });
    await sendMail(testbed().port(25), { from: `small@${TEST_DOMAIN}`, to: user, subject: `after big ${prefix}` });
    expect(
      await eventually(async () => (await inboxSubjects(testbed().port(143), user, 'second-password')).includes(`after big ${prefix}`)),
    ).toBe(true);
    expect(await inboxSubjects(testbed().port(143), user, 'second-password')).not.toContain(`too big ${prefix}`);

    const list = await setup(['email', 'list']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`\\* ${user} \\( [0-9.]+K? / 20K \\) \\[\\d+%\\]\\n    \\[ aliases -> ${alias} \\]\\n\\n`));
    const json = JSON.parse((await setup(['email', 'list', '--json'])).stdout) as { address: string; aliases: string[]; quota: { limit: string; limitBytes: number } }[];
    expect(json.find((a) => a.address === user)).toMatchObject({ aliases: [alias], quota: { limit: '20k', limitBytes: 20 * 1024 } });
  });

  it('email del -y: the account, its aliases, its quota and its mailbox are gone', async () => {
    const deleted = await setup(['email', 'del', '-y', user, '--wait']);
    expect(deleted.exitCode, deleted.stderr).toBe(0);
    expect(deleted.stderr).toContain(`'${user}' and associated data (aliases, quotas) deleted`);
    expect(await imapLogin(testbed().port(143), user, 'second-password')).toBe(false);
    const files = await configFiles(testbed());
    expect(files['postfix-accounts.cf']).not.toContain(user);
    expect(files['postfix-virtual.cf']).not.toContain(alias);
    expect(files['dovecot-quotas.cf']).not.toContain(user);
    const mailbox = await testbed().target.exists(`/var/mail/${TEST_DOMAIN}/${prefix}-user`);
    expect(mailbox).toBe(false);
  });

  it.each([
    [['email', 'add', 'not-an-address', 'pw'], /should include the domain/],
    [['email', 'add', `a b@${TEST_DOMAIN}`, 'pw'], /white space or control characters/],
    [['email', 'add', 'user@bad_domain', 'pw'], /invalid domain/],
    [['email', 'add', `seed@${TEST_DOMAIN}`, 'pw'], /already exists/],
    [['email', 'add', `x@${TEST_DOMAIN}`, 'line\nbreak'], /must not contain a line break/],
    [['email', 'update', `nobody@${TEST_DOMAIN}`, 'pw'], /does not exist/],
    [['email', 'del', '-y', `nobody@${TEST_DOMAIN}`], /does not exist/],
    [['email', 'del', '-q', `seed@${TEST_DOMAIN}`], /The option '-q' is unknown/],
    [['alias', 'add', `seed@${TEST_DOMAIN}`, `x@${TEST_DOMAIN}`], /already defined as an account/],
    [['alias', 'add', 'bad alias', `x@${TEST_DOMAIN}`], /white space/],
    [['alias', 'add', `a@${TEST_DOMAIN}`, 'not-an-address'], /should include the domain/],
    [['quota', 'set', `seed@${TEST_DOMAIN}`, '10 M'], /Invalid quota format/],
    [['quota', 'set', `seed@${TEST_DOMAIN}`, '-60M'], /Invalid quota format/],
    [['quota', 'set', `seed@${TEST_DOMAIN}`, '123'], /Invalid quota format/],
    [['quota', 'set', `nobody@${TEST_DOMAIN}`, '10M'], /does not exist/],
  ])('refuses %j with one clear line, exit 1, and no file change', async (args, message) => {
    const before = await configFiles(testbed());
    const result = await setup(args);
    expect(result.exitCode).toBe(1);
    const errorLines = result.stderr.trim().split('\n').filter((l) => / ERROR /.test(l));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(message);
    expect(await configFiles(testbed())).toEqual(before);
  });

  it('answers an unknown command with exit 2, and a missing argument with the usage page and exit 1', async () => {
    const unknown = await setup(['email', 'frobnicate']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("The command 'email frobnicate' is invalid.");
    const missing = await setup(['alias', 'add', `only@${TEST_DOMAIN}`]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain('./setup.sh alias add <MAIL ALIAS> <RECIPIENT>');
    const help = await setup(['email', 'add', 'help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('./setup.sh email add <MAIL ACCOUNT> [<PASSWORD>]');
  });
});

describe('setup under concurrency', () => {
  it('loses no update when many setup runs add accounts at the same time', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `parallel${i}@${TEST_DOMAIN}`);
    const results = await Promise.all(addresses.map((a) => runCli(['-c', testbed().name, 'setup', 'email', 'add', a, 'pw'])));
    const failures = results.filter((r) => r.exitCode !== 0).map((r) => `${r.exitCode}: ${r.stderr.trim()}`);
    expect(failures).toEqual([]);
    const accounts = await readFile(join(testbed().configDir, 'postfix-accounts.cf'), 'utf8');
    for (const address of addresses) expect(accounts).toContain(`${address}|{SHA512-CRYPT}$6$`);
  });

  it('waits while DMS\'s own delmailuser holds its lock, then writes', async () => {
    const { target, name } = testbed();
    await target.exec(['sh', '-c', 'echo dms-lock > /tmp/docker-mailserver/delmailuser.lock']);
    const started = Date.now();
    const release = new Promise((resolve) => setTimeout(resolve, 3000)).then(() =>
      target.exec(['rm', '-f', '/tmp/docker-mailserver/delmailuser.lock']),
    );
    const added = await runCli(['-c', name, 'setup', 'email', 'add', `locked@${TEST_DOMAIN}`, 'pw']);
    await release;
    expect(added.exitCode, added.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(await readFile(join(testbed().configDir, 'postfix-accounts.cf'), 'utf8')).toContain(`locked@${TEST_DOMAIN}|`);
  });
});
