import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTagList } from '../../src/dms/dns-txt.js';
import { configSnapshot, expectRefused, setupCli } from '../support/setup-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const testbed = useTestbed({
  accounts: [{ address: `user@${TEST_DOMAIN}`, password: 'dkim-pass' }],
  aliases: { '@catchall.test': [`user@${TEST_DOMAIN}`] },
});
const setup = setupCli(testbed);

interface Record {
  domain: string;
  selector: string;
  name: string;
  value: string;
  keyFile: string;
}

const publicKeyIn = (value: string): string | undefined => parseTagList(value).tags.get('p');
const opendkimFile = (name: string): Promise<string> => readFile(join(testbed().configDir, 'opendkim', name), 'utf8');

/** The public key of a private key file, computed by OpenSSL in the container: what a verifier would find. */
async function publicKeyOf(keyFile: string): Promise<string> {
  const result = await testbed().target.exec(['openssl', 'rsa', '-in', keyFile, '-pubout']);
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}

async function bitsOf(keyFile: string): Promise<number> {
  const result = await testbed().target.exec(['openssl', 'rsa', '-in', keyFile, '-noout', '-text']);
  return Number(/Private-Key: \((\d+) bit/.exec(result.stdout)?.[1]);
}

describe('setup config dkim', () => {
  it('makes a key per mail domain whose private half matches the printed DNS record', async () => {
    const result = await setup(['config', 'dkim', 'keysize', '1024', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const records = JSON.parse(result.stdout) as Record[];
    expect(records.map((r) => r.domain)).toEqual(['catchall.test', TEST_DOMAIN]);
    for (const record of records) {
      expect(record).toMatchObject({
        selector: 'mail',
        name: `mail._domainkey.${record.domain}`,
        keyFile: `/tmp/docker-mailserver/opendkim/keys/${record.domain}/mail.private`,
      });
      expect(record.value).toMatch(/^v=DKIM1; (h=sha256; )?k=rsa; p=[A-Za-z0-9+/]+=*$/);
      expect(publicKeyIn(record.value)).toBe(await publicKeyOf(record.keyFile));
      expect(await bitsOf(record.keyFile)).toBe(1024);
      expect(result.stderr).toContain(`INFO  open-dkim: Creating DKIM private key '${record.keyFile}'`);
    }
  });

  it('registers the keys in KeyTable, SigningTable and TrustedHosts as DMS does', async () => {
    expect(await opendkimFile('KeyTable')).toBe(
      'mail._domainkey.catchall.test catchall.test:mail:/etc/opendkim/keys/catchall.test/mail.private\n' +
        `mail._domainkey.${TEST_DOMAIN} ${TEST_DOMAIN}:mail:/etc/opendkim/keys/${TEST_DOMAIN}/mail.private\n`,
    );
    expect(await opendkimFile('SigningTable')).toBe(
      `*@catchall.test mail._domainkey.catchall.test\n*@${TEST_DOMAIN} mail._domainkey.${TEST_DOMAIN}\n`,
    );
    expect(await opendkimFile('TrustedHosts')).toBe('127.0.0.1\nlocalhost\n');
  });

  it('keeps existing keys on a second run and prints their records for people', async () => {
    const before = await configSnapshot(testbed());
    const again = await setup(['config', 'dkim', 'keysize', '2048']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('Creating DKIM private key');
    expect(await configSnapshot(testbed())).toEqual(before);
    const keyFile = `/tmp/docker-mailserver/opendkim/keys/${TEST_DOMAIN}/mail.private`;
    expect(again.stdout).toContain(
      `Name:  mail._domainkey.${TEST_DOMAIN}\nType:  TXT\nValue: v=DKIM1; h=sha256; k=rsa; p=${await publicKeyOf(keyFile)}\n\n`,
    );
  });

  it('makes keys for the named domains with another selector', async () => {
    const result = await setup(['config', 'dkim', 'selector', 's2026', 'domain', `new.test, ${TEST_DOMAIN}`, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const records = JSON.parse(result.stdout) as Record[];
    expect(records.map((r) => r.name)).toEqual(['s2026._domainkey.new.test', `s2026._domainkey.${TEST_DOMAIN}`]);
    for (const record of records) {
      expect(publicKeyIn(record.value)).toBe(await publicKeyOf(record.keyFile));
      expect(await bitsOf(record.keyFile)).toBe(2048);
    }
    expect(await opendkimFile('SigningTable')).toContain(`*@new.test s2026._domainkey.new.test\n*@${TEST_DOMAIN} s2026._domainkey.${TEST_DOMAIN}\n`);
    expect(await opendkimFile('KeyTable')).toContain('s2026._domainkey.new.test new.test:s2026:/etc/opendkim/keys/new.test/s2026.private\n');
  });

  it('help prints the page whose line 4 names the command, as DMS tests expect', async () => {
    const help = await setup(['config', 'dkim', 'help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout.split('\n')[3]).toContain('open-dkim - Configure DKIM (DomainKeys Identified Mail)');
  });

  it('refuses invalid input with one error line and no file change', async () => {
    const tb = testbed();
    await expectRefused(tb, () => setup(['config', 'dkim', 'keysize']), /No keysize provided after 'keysize' argument$/);
    await expectRefused(tb, () => setup(['config', 'dkim', 'selector', '']), /No selector provided after 'selector' argument$/);
    await expectRefused(tb, () => setup(['config', 'dkim', 'domain']), /No domain\(s\) provided after 'domain' argument$/);
    await expectRefused(tb, () => setup(['config', 'dkim', 'keysize', '999']), /'999' is not a key size/);
    await expectRefused(tb, () => setup(['config', 'dkim', 'selector', '../../etc']), /'\.\.\/\.\.\/etc' is not a selector/);
    await expectRefused(tb, () => setup(['config', 'dkim', 'domain', 'good.test,bad_domain']), /'bad_domain' cannot get a DKIM key/);
    await expectRefused(tb, () => setup(['config', 'dkim', 'domain', '../x.test']), /cannot get a DKIM key/);
    const unknown = await expectRefused(tb, () => setup(['config', 'dkim', 'bits', '4096']), /Unknown option\(s\) bits 4096$/);
    expect(unknown.stdout).toContain('OPEN-DKIM(8)');
  });
});
