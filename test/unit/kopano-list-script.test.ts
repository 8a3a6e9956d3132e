import { execa } from 'execa';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKopanoUserDetails, parseKopanoUserList, splitDetails } from '../../src/formats/kopano/admin-output.js';
import { LIST_WITH_DETAILS } from '../../src/services/kopano-database-users.js';

/**
 * The one-exec listing script run by a real `sh`, with a `kopano-admin` on PATH that only prints the hand-written
 * samples (it is no Kopano: it shows that the script asks for each listed user's details, skips SYSTEM, separates the
 * outputs with NUL and survives --details' exit 1 for a user without a store).
 */

const sample = async (name: string): Promise<string> =>
  (await readFile(new URL(`samples/${name}`, import.meta.url), 'utf8'))
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .join('\n');

async function printer(): Promise<{ dir: string; asked: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-kopano-admin-'));
  const asked = join(dir, 'asked');
  const list = await sample('kopano-admin-list.txt');
  await writeFile(join(dir, 'list.txt'), list);
  await writeFile(join(dir, 'alice.txt'), await sample('kopano-admin-details-alice.txt'));
  await writeFile(join(dir, 'nostore.txt'), await sample('kopano-admin-details-nostore.txt'));
  const program = [
    '#!/bin/sh',
    `echo "$*" >> '${asked}'`,
    `case "$1" in -l) cat '${dir}/list.txt' ;;`,
    `  --details) if [ "$2" = alice ]; then cat '${dir}/alice.txt'; else cat '${dir}/nostore.txt'; exit 1; fi ;;`,
    'esac',
  ].join('\n');
  await writeFile(join(dir, 'kopano-admin'), `${program}\n`);
  await chmod(join(dir, 'kopano-admin'), 0o755);
  return { dir, asked };
}

describe('the Kopano listing script', () => {
  it('asks --details for every listed user but SYSTEM, in one run, and exits 0 when the last one has no store', async () => {
    const { dir, asked } = await printer();
    const result = await execa('sh', ['-c', LIST_WITH_DETAILS], { env: { PATH: `${dir}:/usr/bin:/bin` }, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect((await readFile(asked, 'utf8')).trim().split('\n')).toEqual(['-l', '--details alice', '--details bob', '--details carol.longname@example.test']);
    const [list = '', ...details] = splitDetails(result.stdout);
    expect(parseKopanoUserList(list).map((u) => u.username)).toEqual(['alice', 'bob', 'carol.longname@example.test']);
    expect(details.map((d) => parseKopanoUserDetails(d)?.username)).toEqual(['alice', 'postmaster', 'postmaster']);
  });

  it('passes on the exit code of a failing list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailwiz-kopano-admin-'));
    await writeFile(join(dir, 'kopano-admin'), '#!/bin/sh\necho "The server is not running, or not accessible." >&2\nexit 3\n');
    await chmod(join(dir, 'kopano-admin'), 0o755);
    const result = await execa('sh', ['-c', LIST_WITH_DETAILS], { env: { PATH: `${dir}:/usr/bin:/bin` }, reject: false });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
  });
});
