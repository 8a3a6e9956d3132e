import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { visibleText } from '../../src/dms/terminal-text.js';
import { waitForPassword } from '../../src/services/liveness.js';
import { mailServer, type MailServer } from '../../src/services/mail-server.js';
import { ConfigFolderTarget } from '../../src/target/index.js';
import { eventually } from '../support/eventually.js';
import { setupInProcess } from '../support/setup-in-process.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

/**
 * A corpus of hostile input across every `setup` command, in a config folder (-p) and in a running container (-c):
 * each is refused with one clear ERROR line that a terminal only prints (no control, direction or invisible
 * character), exit status 1 and not one byte changed. Unusual input that is valid is written as a well-formed line
 * the server accepts.
 */

const D = TEST_DOMAIN;
const SEED = `seed@${D}`;

const HOSTILE_ADDRESSES = [
  `\x1b]52;c;ZXZpbA==\x07evil@${D}`,
  `a\x1b[2Jb@${D}`,
  `jane\u202e@${D}`,
  `ja\u200bne@${D}`,
  `jane\u00ad@${D}`,
  `jane\u2028@${D}`,
  `jane\u{e0041}@${D}`,
  `jane\u0085@${D}`,
  `jane\u009b31m@${D}`,
  `jane\u200d@${D}`,
  `jane\ufeff@${D}`,
  `#jane@${D}`,
  'jane@1.2.3.256',
  'jane@999.1.1.1',
  'jane@example.123',
  `$(touch /tmp/pwned)@${D}`,
  `a;rm -rf /@${D}`,
  `jane@${D};reboot`,
  '../../etc/passwd',
  'jane@',
  'jane',
  `jane@@${D}`,
  `jane example@${D}`,
  `jane\t@${D}`,
  `jane\n@${D}`,
  `jane\r@${D}`,
  `${'x'.repeat(65)}@${D}`,
  `jane@${'a'.repeat(250)}.test`,
  `jane|x@${D}`,
  `jane:x@${D}`,
  'jane@exa_mple.test',
  'jane@-example.test',
  `jane\ufffd@${D}`,
  `jane\udc80@${D}`,
  `ｊａｎｅ@${D}`,
  `jane@${D}\u0000`,
];

const HOSTILE_DOMAINS = [
  '1.2.3.256',
  '999.1.1.1',
  '1.2.3',
  'example.123',
  'exa_mple.test',
  '-example.test',
  'example..test',
  'example.test\u200b',
  'exa\u202emple.test',
  '\x1b]52;c;ZXZpbA==\x07example.test',
  `${'a'.repeat(64)}.test`,
  'example.test;reboot',
  '$(id).test',
  'example',
  ' example.test',
  'example.test\n',
  '#example.test',
  'ex\u0085ample.test',
  'ｅxample.test',
  'exa\udc80mple.test',
  '/etc/passwd',
  'example.test:25',
];

const HOSTILE_NAMES = [
  '#admin',
  'ad min',
  'ad\tmin',
  'admin\n',
  'ad|min',
  'ad:min',
  'ad*min',
  'ad\x1b[2Jmin',
  '\x1b]52;c;ZXZpbA==\x07admin',
  'ad\u200bmin',
  'ad\u202emin',
  'ad\u00admin',
  'ad\u0085min',
  'ad\udc80min',
  'ad\ufffdmin',
];

const HOSTILE_PASSWORDS = ['x'.repeat(512), 'é'.repeat(256), 'a\nb', 'a\u0000b', 'a\rb', 'pass\ufffd', 'pass\udc80'];
const HOSTILE_QUOTAS = ['16777216T', '8388608T', '9223372036854775808B', '-1M', '1.5G', '10m', '10 M', '10MB', '0x10M', '\x1b[31m10M', '१०M', '10M\u200b', 'M'];
const HOSTILE_PORTS = ['0', '65536', '25x', '-1', '1e3', '\x1b[1m25', '99999999999'];
const HOSTILE_IPS = ['1.2.3.256', `mail.${D}`, '1.2.3.4/33', '::1/129', '1.2.3', '1.2.3.4;id', '\x1b]0;x\x07', '10.0.0.1\u200b'];

type Case = { args: string[]; answers?: string[] };

function hostileCases(): Case[] {
  const cases: Case[] = [];
  for (const a of HOSTILE_ADDRESSES) {
    cases.push(
      { args: ['email', 'add', a, 'pw-hostile'] },
      { args: ['email', 'update', a, 'pw-hostile'] },
      { args: ['email', 'del', '-n', a] },
      { args: ['email', 'restrict', 'add', 'send', a] },
      { args: ['email', 'restrict', 'add', 'receive', a] },
      { args: ['email', 'restrict', 'del', 'send', a] },
      { args: ['alias', 'add', a, SEED] },
      { args: ['alias', 'add', `alias@${D}`, a] },
      { args: ['alias', 'del', a, SEED] },
      { args: ['quota', 'set', a, '10M'] },
      { args: ['quota', 'del', a] },
    );
  }
  for (const d of HOSTILE_DOMAINS) {
    cases.push(
      { args: ['relay', 'add-domain', d, 'smtp.relay.example', '587'] },
      { args: ['relay', 'add-domain', 'relayed.example', d, '587'] },
      { args: ['relay', 'add-auth', d, 'relayuser', 'relay-pw'] },
      { args: ['relay', 'exclude-domain', d] },
    );
    // DMS's domain list is split at commas and trimmed: " example.test" names example.test there.
    if (d.trim() === d) cases.push({ args: ['config', 'dkim', 'domain', d] });
  }
  for (const p of HOSTILE_PORTS) cases.push({ args: ['relay', 'add-domain', 'relayed.example', 'smtp.relay.example', p] });
  for (const n of HOSTILE_NAMES) {
    cases.push({ args: ['dovecot-master', 'add', n, 'pw-master'] }, { args: ['dovecot-master', 'update', n, 'pw-master'] });
    // A relay account name is a value, not a key: only what cannot travel on the line is refused there.
    if (/[\s:]|[^\x21-\x7e]/u.test(n)) cases.push({ args: ['relay', 'add-auth', 'relayed.example', n, 'relay-pw'] });
  }
  for (const p of HOSTILE_PASSWORDS) {
    cases.push(
      { args: ['email', 'add', `new@${D}`, p] },
      { args: ['email', 'add', `prompted@${D}`], answers: [p, p] },
      { args: ['email', 'update', SEED, p] },
      { args: ['dovecot-master', 'add', 'newmaster', p] },
      { args: ['relay', 'add-auth', 'relayed.example', 'relayuser', p] },
    );
  }
  for (const q of HOSTILE_QUOTAS) cases.push({ args: ['quota', 'set', SEED, q] });
  for (const ip of HOSTILE_IPS) cases.push({ args: ['fail2ban', 'ban', ip] }, { args: ['fail2ban', 'unban', ip] });
  return cases;
}

/** Unusual but valid: passwords DMS's grammar and Dovecot take as they are. */
const UNUSUAL_PASSWORDS = ['x'.repeat(511), '--wait', '--json', '#not-a-comment', ' leading and trailing ', 'ünïcødé ✓ 用户 🔑', `quote'"\`$(id)`, '\\back\\slash', ':|*@%'];
const MAX_QUOTA = '8388607T';

async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.endsWith('.lock')).map((e) => join(e.parentPath, e.name));
  const contents = await Promise.all(files.map((f) => readFile(f)));
  return Object.fromEntries(files.map((f, i) => [relative(dir, f), contents[i]!.toString('hex')]));
}

const testbed = useTestbed({ accounts: [{ address: SEED, password: 'seed-password' }] });
let folder = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mailwiz-hostile-'));
  await writeFile(join(folder, 'postfix-accounts.cf'), await readFile(join(testbed().configDir, 'postfix-accounts.cf')));
});

const places: [string, () => { dir: string; server: MailServer; live: boolean }][] = [
  ['a config folder (-p)', () => ({ dir: folder, server: mailServer(new ConfigFolderTarget(folder), folder), live: false })],
  ['a running container (-c)', () => ({ dir: testbed().configDir, server: mailServer(testbed().target), live: true })],
];

describe.each(places)('in %s', (_label, place) => {
  const cases = hostileCases();

  it(`refuses ${cases.length} hostile inputs with one printable ERROR line, exit 1, nothing changed`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const { dir, server } = place();
    const before = await snapshot(dir);
    for (const { args, answers } of cases) {
      const shown = JSON.stringify(args);
      const result = await setupInProcess(server, args, answers);
      expect(result.exitCode, `${shown}: ${result.stderr}`).toBe(1);
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      expect(lines.filter((l) => / ERROR \S+: /.test(l)), `${shown}: ${result.stderr}`).toHaveLength(1);
      for (const line of [...lines, ...result.stdout.split('\n')]) expect(visibleText(line), shown).toBe(line);
      expect(await snapshot(dir), shown).toEqual(before);
    }
  }, 600_000);

  it('takes unusual valid input as well-formed lines the server accepts', async () => {
    const { dir, server, live } = place();
    const accounts = UNUSUAL_PASSWORDS.map((_, i) => `o.brien-tag_${i}@${D}`);
    for (const [i, password] of UNUSUAL_PASSWORDS.entries()) {
      const result = await setupInProcess(server, ['email', 'add', accounts[i]!, password]);
      expect(result.exitCode, result.stderr).toBe(0);
    }
    const master = await setupInProcess(server, ['dovecot-master', 'add', 'ops-team.1', UNUSUAL_PASSWORDS[0]!]);
    expect(master.exitCode, master.stderr).toBe(0);
    const quota = await setupInProcess(server, ['quota', 'set', SEED, MAX_QUOTA]);
    expect(quota.exitCode, quota.stderr).toBe(0);

    const lines = (await readFile(join(dir, 'postfix-accounts.cf'), 'utf8')).split('\n');
    for (const account of accounts) {
      expect(lines.filter((l) => /^[^|]+\|\{SHA512-CRYPT\}\$6\$[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}$/.test(l) && l.startsWith(`${account}|`))).toHaveLength(1);
    }
    expect(await readFile(join(dir, 'dovecot-quotas.cf'), 'utf8')).toContain(`${SEED}:${MAX_QUOTA}\n`);
    if (!live) return;
    for (const [i, password] of UNUSUAL_PASSWORDS.entries()) await waitForPassword(server, accounts[i]!, password, 60_000);
    const quotaWorks = await eventually(async () => {
      const result = await server.target.exec(['doveadm', 'quota', 'get', '-u', SEED]);
      return result.exitCode === 0 && /STORAGE/i.test(result.stdout);
    }, 60_000);
    expect(quotaWorks, 'Dovecot serves the user with the largest quota').toBe(true);
  }, 300_000);
});
