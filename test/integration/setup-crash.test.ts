import { execa } from 'execa';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha512Crypt } from '../../src/dms/sha512-crypt.js';
import { eventually } from '../support/eventually.js';
import { inBatches, runAndKill, type Signal } from '../support/kill-runs.js';
import { runCli } from '../support/run-cli.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

/**
 * `email add` killed at random moments (SIGKILL as the OOM killer does, SIGTERM, SIGHUP to the process group as a
 * closed terminal does) never leaves a damaged postfix-accounts.cf: every line parses, every account that was there
 * or whose add reported success is there, and the next successful write leaves no temporary file behind.
 * Half the signals land at random moments of a run, half the moment a writer's temporary file appears: without the
 * size and checksum check before the rename, those commit empty or cut files.
 */

const HASH = `{SHA512-CRYPT}${sha512Crypt('crash-test-password')}`;
const ACCOUNT_LINE = /^[a-z0-9.-]+@example\.test\|\{SHA512-CRYPT\}\$6\$[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}$/;
const RUNS: [Signal, number][] = [
  ['SIGKILL', 200],
  ['SIGTERM', 40],
  ['SIGHUP', 40],
];
const PARALLEL = 4;

const testbed = useTestbed();

interface Place {
  /** The host folder that holds the config files. */
  dir: () => string;
  /** mailwiz's arguments up to and including `setup …` target selection. */
  prefix: () => string[];
  /** Whether a store writer (sh running our locked edit) still runs where the files are. */
  writersLeft: () => Promise<boolean>;
}

let folder = '';
const places: [string, Place][] = [
  [
    'setup -p DIR',
    {
      dir: () => folder,
      prefix: () => ['setup', '-p', folder],
      writersLeft: async () => (await execa('pgrep', ['-f', 'mailwiz-[e]dit'], { reject: false })).exitCode === 0,
    },
  ],
  [
    'setup -c CONTAINER',
    {
      dir: () => testbed().configDir,
      prefix: () => ['-c', testbed().name, 'setup'],
      writersLeft: async () => (await testbed().target.exec(['pgrep', '-f', 'mailwiz-[e]dit'])).exitCode === 0,
    },
  ],
];

function seedAccounts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `seed${i}@${TEST_DOMAIN}`);
}

async function accountLines(dir: string): Promise<string[]> {
  const bytes = await readFile(join(dir, 'postfix-accounts.cf'));
  expect(bytes.length === 0 || bytes.at(-1) === 0x0a, 'the file ends with a whole line').toBe(true);
  return bytes.toString('latin1').split('\n').slice(0, -1);
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mailwiz-crash-'));
  // The change detector would rebuild Dovecot's users after every add; this test is about the file alone.
  await testbed().target.exec(['supervisorctl', 'stop', 'changedetector']);
}, 120_000);

describe.each(places)('%s', (label, place) => {
  describe.each([3, 20_000])('with %i accounts', (size) => {
    it(`survives ${RUNS.map(([s, n]) => `${n} × ${s}`).join(', ')} at random moments`, async () => {
      const dir = place.dir();
      const seeds = seedAccounts(size);
      await writeFile(join(dir, 'postfix-accounts.cf'), seeds.map((a) => `${a}|${HASH}\n`).join(''));

      // How long one add takes here, so that the signals land anywhere from the start to the end of a run.
      const started = Date.now();
      const probe = await runCli([...place.prefix(), 'email', 'add', `probe-${size}@${TEST_DOMAIN}`], { input: 'pw-probe\npw-probe\n' });
      expect(probe.exitCode, probe.stderr).toBe(0);
      const span = (Date.now() - started) * 1.2;

      let index = 0;
      const succeeded = [`probe-${size}@${TEST_DOMAIN}`];
      let killed = 0;
      for (const [signal, count] of RUNS) {
        const runs = await inBatches(count, PARALLEL, async () => {
          const address = `${signal.toLowerCase()}-${size}-${index++}@${TEST_DOMAIN}`;
          // Half at any moment of the run, half the moment a write begins (the narrow window that matters most).
          const moment = index % 2 === 0 ? { afterMs: Math.random() * span } : { whenWritingIn: dir };
          const run = await runAndKill([...place.prefix(), 'email', 'add', address], 'pw-crash\npw-crash\n', signal, moment);
          return { address, run };
        });
        succeeded.push(...runs.filter((r) => r.run.exitCode === 0).map((r) => r.address));
        killed += runs.filter((r) => r.run.killed).length;
      }
      const total = RUNS.reduce((n, [, c]) => n + c, 0);
      process.stdout.write(`[crash] ${label}, ${size} accounts: ${total} runs, ${killed} killed before they finished, ${succeeded.length - 1} reported success\n`);
      expect(killed, 'most runs were killed before they finished').toBeGreaterThan(total / 3);

      expect(await eventually(async () => !(await place.writersLeft()), 60_000), 'writers of killed runs ended').toBe(true);
      const lines = await accountLines(dir);
      const bad = lines.filter((l) => !ACCOUNT_LINE.test(l));
      expect(bad, 'every line is a whole account line').toEqual([]);
      const present = new Set(lines.map((l) => l.slice(0, l.indexOf('|'))));
      expect(present.size, 'no account twice').toBe(lines.length);
      expect(seeds.filter((a) => !present.has(a)), 'no account that was there is lost').toEqual([]);
      expect(succeeded.filter((a) => !present.has(a)), 'every reported success is there').toEqual([]);

      const last = await runCli([...place.prefix(), 'email', 'add', `after-${size}@${TEST_DOMAIN}`], { input: 'pw-after\npw-after\n' });
      expect(last.exitCode, last.stderr).toBe(0);
      const left = (await readdir(dir)).filter((name) => name.startsWith('.mailwiz-write.'));
      expect(left, 'no temporary file remains after the next write').toEqual([]);
    }, 900_000);
  });
});
