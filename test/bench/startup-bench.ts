import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadedModules } from '../support/loaded-modules.js';
import { CLI } from '../support/run-cli.js';
import { startTestbedContainer, TEST_DOMAIN } from '../support/testbed-container.js';
import { median, report } from './measure.js';
import { populate } from './setup-bench.js';

const RUNS = 15;

/**
 * What a command costs before it does anything, and one account change end to end, as ratios to floors measured in
 * the same run: a bare Node start (an empty ES module) and one `docker exec C true` round trip.
 */
export async function startupBench(image: string): Promise<void> {
  const empty = join(await mkdtemp(join(tmpdir(), 'mailwiz-bench-')), 'empty.mjs');
  await writeFile(empty, '');
  const node = (args: string[]) => () => execa('node', args, { stdin: 'ignore' });
  const bare = await median(RUNS, node([empty]));

  const testbed = await startTestbedContainer(image, { accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'x' }] });
  try {
    await populate(testbed, 1000);
    const roundTrip = await median(RUNS, () => execa('docker', ['exec', testbed.name, 'true']));
    const commands: [string, string[]][] = [
      ['--version', ['--version']],
      ['--help', ['--help']],
      ['setup --help', ['setup', '--help']],
      ['check --help', ['check', '--help']],
      ['console --help', ['console', '--help']],
      ['setup email update (1,000 accounts)', ['-c', testbed.name, 'setup', 'email', 'update', `user1@${TEST_DOMAIN}`, 'new-pw']],
      ['setup email list (1,000 accounts)', ['-c', testbed.name, 'setup', 'email', 'list']],
      ['status', ['status']],
    ];
    const rows: (string | number)[][] = [];
    for (const [label, args] of commands) {
      const ms = await median(RUNS, node([CLI, ...args]));
      const { modules } = await loadedModules(args);
      const kb = modules.reduce((sum, m) => sum + m.bytes, 0) / 1024;
      rows.push([label, ms, ms / bare, modules.length, Math.round(kb)]);
    }
    report(`command start and load (median of ${RUNS}; bare Node start ${bare.toFixed(0)} ms)`, rows, [
      'command',
      'ms',
      '× bare Node',
      'chunks loaded',
      'KB loaded',
    ]);

    let n = 0;
    const add = await median(RUNS, () => execa('node', [CLI, '-c', testbed.name, 'setup', 'email', 'add', `bench${n++}@${TEST_DOMAIN}`, 'pw']));
    const floor = bare + roundTrip;
    report('one `setup email add` process on 1,000 accounts (target: ≤ 2× the floor)', [
      ['bare Node start', bare],
      ['docker exec C true', roundTrip],
      ['floor (the two together)', floor],
      ['mailwiz setup -c C email add', add],
      ['ratio to the floor', add / floor],
    ], ['what', 'ms']);
  } finally {
    await testbed.remove();
  }
}
