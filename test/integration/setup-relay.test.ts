import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { configSnapshot, expectRefused, setupCli } from '../support/setup-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const testbed = useTestbed({ accounts: [{ address: `user@${TEST_DOMAIN}`, password: 'relay-pass' }] });
const setup = setupCli(testbed);

const relayMap = (): Promise<string> => readFile(join(testbed().configDir, 'postfix-relaymap.cf'), 'utf8');
const saslFile = (): string => join(testbed().configDir, 'postfix-sasl-password.cf');

/** What Postfix itself resolves from the tables the change detector builds out of our files. */
async function postfixLookup(key: string, table: string): Promise<string> {
  const result = await testbed().target.exec(['postmap', '-q', key, `texthash:${table}`]);
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

describe('setup relay', () => {
  it('add-domain: writes `@domain [host]:port`, and Postfix routes the domain through it', async () => {
    const added = await setup(['relay', 'add-domain', TEST_DOMAIN, 'smtp.relay.test', '587']);
    expect(added).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await relayMap()).toBe(`@${TEST_DOMAIN} [smtp.relay.test]:587\n`);
    const routed = () => postfixLookup(`@${TEST_DOMAIN}`, '/etc/postfix/relayhost_map');
    expect(await eventually(async () => (await routed()) === '[smtp.relay.test]:587')).toBe(true);
  });

  it('add-domain: the same route again succeeds without a change; another host replaces it; port 25 by default', async () => {
    const before = await configSnapshot(testbed());
    const again = await setup(['relay', 'add-domain', TEST_DOMAIN, 'smtp.relay.test', '587']);
    expect(again).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await configSnapshot(testbed())).toEqual(before);

    await setup(['relay', 'add-domain', TEST_DOMAIN, '192.0.2.25']);
    await setup(['relay', 'add-domain', 'other.test', 'relay2.test']);
    expect(await relayMap()).toBe(`@${TEST_DOMAIN} [192.0.2.25]:25\n@other.test [relay2.test]:25\n`);
  });

  it('exclude-domain: `@domain ` with its trailing space, replacing the route', async () => {
    const excluded = await setup(['relay', 'exclude-domain', 'other.test']);
    expect(excluded).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await relayMap()).toBe(`@${TEST_DOMAIN} [192.0.2.25]:25\n@other.test \n`);
    expect((await setup(['relay', 'exclude-domain', 'other.test'])).exitCode).toBe(0);
  });

  it('add-auth: the password from standard input lands in a 0600 file and nowhere in the output', async () => {
    const password = 'p@ss w:rd';
    const added = await setup(['relay', 'add-auth', TEST_DOMAIN, 'relay-user'], `${password}\n${password}\n`);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stdout + added.stderr).not.toContain(password);
    expect(await readFile(saslFile(), 'utf8')).toBe(`@${TEST_DOMAIN} relay-user:${password}\n`);
    expect((await stat(saslFile())).mode & 0o777).toBe(0o600);
    const credentials = () => postfixLookup(`@${TEST_DOMAIN}`, '/etc/postfix/sasl_passwd');
    expect(await eventually(async () => (await credentials()) === `relay-user:${password}`)).toBe(true);

    await setup(['relay', 'add-auth', TEST_DOMAIN, 'relay-user2', 'second']);
    expect(await readFile(saslFile(), 'utf8')).toBe(`@${TEST_DOMAIN} relay-user2:second\n`);
  });

  it('help and too few arguments print the usage page', async () => {
    const help = await setup(['relay', 'add-domain', 'help']);
    expect(help).toMatchObject({ exitCode: 0 });
    expect(help.stdout).toContain('./setup.sh relay add-domain <SENDER DOMAIN> <RELAY HOST> [<RELAY PORT>]');
    expect((await setup(['relay', 'add-auth', TEST_DOMAIN])).exitCode).toBe(1);
    expect((await setup(['relay', 'exclude-domain'])).stdout).toContain('excluderelayhost(8)');
  });

  it('refuses invalid input with one error line and no file change', async () => {
    const tb = testbed();
    await expectRefused(tb, () => setup(['relay', 'add-domain', 'not a domain', 'relay.test']), /ERROR addrelayhost: .*not a/);
    await expectRefused(tb, () => setup(['relay', 'add-domain', '@example.test', 'relay.test']), /'@example\.test' is not a valid domain name/);
    await expectRefused(tb, () => setup(['relay', 'add-domain', '', 'relay.test']), /No domain specified$/);
    await expectRefused(tb, () => setup(['relay', 'add-domain', TEST_DOMAIN, '']), /No relay host specified$/);
    await expectRefused(tb, () => setup(['relay', 'add-domain', TEST_DOMAIN, 'relay]:25']), /'relay\]:25' is not a host name or IP address$/);
    await expectRefused(tb, () => setup(['relay', 'add-domain', TEST_DOMAIN, 'relay.test', '70000']), /'70000' is not a port number/);
    await expectRefused(tb, () => setup(['relay', 'add-domain', TEST_DOMAIN, 'relay.test', '25x']), /'25x' is not a port number/);
    await expectRefused(tb, () => setup(['relay', 'add-auth', TEST_DOMAIN, 'user:name', 'pw']), /ERROR addsaslpassword: 'user:name' cannot be a relay account name/);
    await expectRefused(tb, () => setup(['relay', 'add-auth', TEST_DOMAIN, 'user', ' padded ']), /must not begin or end with white space$/);
    await expectRefused(tb, () => setup(['relay', 'add-auth', TEST_DOMAIN, 'user'], 'a\nb\n'), /Passwords do not match!$/);
    await expectRefused(tb, () => setup(['relay', 'exclude-domain', 'bad_domain']), /ERROR excluderelaydomain: 'bad_domain' is not a/);
  });
});
