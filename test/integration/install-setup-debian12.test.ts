import Docker from 'dockerode';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySha512Crypt } from '../../src/dms/sha512-crypt.js';
import { DockerTarget } from '../../src/target/index.js';
import { ensureStandInImage } from '../env/stand-in-images.js';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { eventually } from '../support/eventually.js';
import { runCli } from '../support/run-cli.js';

/**
 * `install-setup` on an image like DMS v15's: Debian 12, no Node.js, its own `setup`, user-patches.sh run at start
 * (the debian12-no-node stand-in). mailwiz must run inside as `setup`, and again after the container is re-created
 * with no network at all.
 */

const docker = new Docker();
let image: string;
let configDir: string;
const created: Docker.Container[] = [];

async function startContainer(): Promise<DockerTarget> {
  const name = `mailwiz-test-${testRunId()}-deb12-${Math.random().toString(36).slice(2, 7)}`;
  const container = await docker.createContainer({
    name,
    Image: image,
    Labels: { [TEST_LABEL]: testRunId() },
    HostConfig: { Binds: [`${configDir}:/tmp/docker-mailserver`], NetworkMode: 'none' },
  });
  created.push(container);
  await container.start();
  const target = new DockerTarget(docker, name);
  if (!(await eventually(async () => (await target.exec(['cat', '/var/run/started'])).exitCode === 0, 60_000))) throw new Error(`${name} did not start`);
  return target;
}

const accounts = (): Promise<string> => readFile(join(configDir, 'postfix-accounts.cf'), 'utf8');

beforeAll(async () => {
  image = await ensureStandInImage('debian12-no-node');
  configDir = await mkdtemp(join(tmpdir(), 'mailwiz-deb12-'));
}, 600_000);

afterAll(async () => {
  await Promise.all(created.map((c) => c.remove({ force: true }).catch(() => undefined)));
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

describe('install-setup on a Debian 12 image without Node.js', () => {
  let first: DockerTarget;

  it('puts this Node.js in the config volume, says what it costs, and setup inside runs mailwiz', async () => {
    first = await startContainer();
    expect((await first.exec(['sh', '-c', 'command -v node || echo none'])).stdout.trim()).toBe('none');
    const install = await runCli(['-c', first.name, 'install-setup']);
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stdout).toMatch(new RegExp(`Node\\.js ${process.version.replace(/\./g, '\\.')} copied in the config volume for it \\(\\d+ MB on disk\\): the image has no Node\\.js`));

    const added = await first.exec(['setup', 'email', 'add', '--from-file', '-'], { stdin: 'jane@example.test pass word one\n' });
    expect(added, added.stderr).toMatchObject({ exitCode: 0, stdout: 'Added 1 account.\n' });
    const line = (await accounts()).split('\n').find((l) => l.startsWith('jane@example.test|'));
    expect(verifySha512Crypt('pass word one', line!.split('|')[1]!)).toBe(true);
    // The image's own setup is kept beside it.
    expect((await first.exec(['setup.dms', 'x'])).stdout).toBe('setup of the image: x\n');
  }, 300_000);

  it('a second install keeps the runtime it put there (nothing copied again)', async () => {
    const again = await runCli(['-c', first.name, 'install-setup']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already in the config volume/);
    expect(again.stdout).not.toMatch(/replaces/);
  }, 300_000);

  it('a re-created container (no network) runs mailwiz as setup from its first start', async () => {
    await created[0]!.remove({ force: true });
    const second = await startContainer();
    const wrapped = async () => (await second.exec(['grep', '-c', 'mailwiz', '/usr/local/bin/setup'])).exitCode === 0;
    expect(await eventually(wrapped, 60_000)).toBe(true);
    const added = await second.exec(['setup', 'alias', 'add', 'info@example.test', 'jane@example.test']);
    expect(added, added.stderr).toMatchObject({ exitCode: 0 });
    expect(await readFile(join(configDir, 'postfix-virtual.cf'), 'utf8')).toContain('info@example.test jane@example.test');
    expect((await second.exec(['setup', 'email', 'list'])).stderr).not.toMatch(/needs Node\.js/);
  }, 300_000);
});
