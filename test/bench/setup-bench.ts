import { execa } from 'execa';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addAccount, listAccounts } from '../../src/services/accounts.js';
import { mailServer } from '../../src/services/mail-server.js';
import { sha512Crypt } from '../../src/dms/sha512-crypt.js';
import { startTestbedContainer, TEST_DOMAIN, type Testbed } from '../support/testbed-container.js';
import { median, report } from './measure.js';

const CLI = fileURLToPath(new URL('../../dist/mailwiz.js', import.meta.url));
const SIZES = [10, 100, 1000, 10_000];

async function cli(testbed: Testbed, args: string[]): Promise<string> {
  const result = await execa('node', [CLI, '-c', testbed.name, 'setup', ...args]);
  return String(result.stdout);
}

/** Writes N accounts at once (one shared hash: listing does not care) and waits until Dovecot knows the last. */
export async function populate(testbed: Testbed, count: number): Promise<void> {
  const hash = `{SHA512-CRYPT}${sha512Crypt('bench-password')}`;
  const lines = Array.from({ length: count }, (_, i) => `user${i}@${TEST_DOMAIN}|${hash}\n`).join('');
  await writeFile(join(testbed.configDir, 'postfix-accounts.cf'), lines);
  const last = `user${count - 1}@${TEST_DOMAIN}`;
  for (let i = 0; i < 600; i++) {
    if ((await testbed.target.exec(['doveadm', 'user', last])).exitCode === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the testbed did not apply ${count} accounts`);
}

/** `setup email list` at growing sizes, and adding 100 accounts, against a real testbed container. */
export async function setupBench(image: string): Promise<void> {
  const testbed = await startTestbedContainer(image, { accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'x' }] });
  try {
    const server = mailServer(testbed.target);
    const rows: (string | number)[][] = [];
    for (const size of SIZES) {
      await populate(testbed, size);
      const lines = (await cli(testbed, ['email', 'list'])).split('\n').filter((l) => l.startsWith('* ')).length;
      if (lines !== size) throw new Error(`email list printed ${lines} accounts, expected ${size}`);
      const cliMs = await median(5, () => cli(testbed, ['email', 'list']));
      const serviceMs = await median(5, () => listAccounts(server, { usage: true }));
      const floorMs = await median(5, () => testbed.target.exec(['doveadm', '-f', 'tab', 'quota', 'get', '-A']));
      rows.push([size, cliMs, serviceMs, floorMs, cliMs / floorMs]);
    }
    report('setup email list (median of 5; floor: one `doveadm -f tab quota get -A`; target ≤ 1.6× at 1,000 and 10,000)', rows, [
      'accounts',
      'CLI ms',
      'service ms',
      'doveadm floor ms',
      'CLI ÷ floor',
    ]);

    // What one doveadm call per user (DMS's way) would cost, measured on 100 users.
    const perUser = await median(1, async () => {
      for (let i = 0; i < 100; i++) await testbed.target.exec(['doveadm', 'quota', 'get', '-u', `user${i}@${TEST_DOMAIN}`]);
    });
    const batched = await median(5, () => testbed.target.exec(['doveadm', '-f', 'tab', 'quota', 'get', '-A']));
    report('quota usage of the first 100 of 10,000 users', [['one call per user (x100)', perUser], ['one call for all 10,000', batched]], ['approach', 'ms']);

    await populate(testbed, 1);
    const viaCli = await median(1, async () => {
      for (let i = 0; i < 100; i++) await cli(testbed, ['email', 'add', `cli${i}@${TEST_DOMAIN}`, 'pw']);
    });
    const viaService = await median(1, async () => {
      for (let i = 0; i < 100; i++) await addAccount(server, `svc${i}@${TEST_DOMAIN}`, 'pw');
    });
    // 1,000 accounts from a file: one process, passwords hashed across the cores, one write; then until Dovecot has
    // taken the last one (DMS's change detector applies the file).
    const file = join(testbed.configDir, '..', `${testbed.name}-import.txt`);
    await writeFile(file, Array.from({ length: 1000 }, (_, i) => `bulk${i}@${TEST_DOMAIN} password ${i}\n`).join(''), { mode: 0o600 });
    const importStart = performance.now();
    await cli(testbed, ['email', 'add', '--from-file', file]);
    const written = performance.now() - importStart;
    while ((await testbed.target.exec(['doveadm', 'auth', 'test', `bulk999@${TEST_DOMAIN}`], { stdin: 'password 999\n' })).exitCode !== 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const live = performance.now() - importStart;
    report('1,000 accounts from a file (setup email add --from-file; targets: written ≤ 10 s, live ≤ 30 s)', [
      ['written (the command returned)', written, 1000 / (written / 1000)],
      ['live (Dovecot accepts the last password)', live, 1000 / (live / 1000)],
    ], ['step', 'ms', 'accounts/s']);

    report('adding 100 accounts', [['100 × mailwiz setup email add (a process each)', viaCli, viaCli / 100], ['100 × accounts.add() in one process', viaService, viaService / 100]], ['how', 'total ms', 'ms each']);
  } finally {
    await testbed.remove();
  }
}
