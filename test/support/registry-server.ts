import Docker from 'dockerode';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePackages, freePort, waitForPort } from './wizard-apt.js';

/**
 * Debian's docker-registry on 127.0.0.1 (the engine trusts loopback registries over plain HTTP), serving an image
 * under a DMS-like name so that the wizard's pull is a real pull. Its storage is kept between runs in
 * /var/tmp/mailwiz-test-registry, so the image is pushed once.
 */

const STORAGE = '/var/tmp/mailwiz-test-registry';

export interface Registry {
  port: number;
  /** Pushes the image as 127.0.0.1:PORT/<name>, then drops that local tag: whoever uses the name must pull it. */
  publish: (image: string, name: string) => Promise<string>;
  stop: () => Promise<void>;
}

async function followPush(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  let failure: string | undefined;
  await new Promise<void>((resolve) =>
    docker.modem.followProgress(
      stream,
      () => resolve(),
      (event: { error?: string }) => {
        if (event.error) failure = event.error;
      },
    ),
  );
  if (failure) throw new Error(`push failed: ${failure}`);
}

export async function startRegistry(): Promise<Registry> {
  await ensurePackages({ '/usr/bin/docker-registry': 'docker-registry' });
  await mkdir(STORAGE, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-registry-'));
  const port = await freePort();
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${STORAGE}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    await rm(dir, { recursive: true, force: true });
  };
  await waitForPort(port).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const docker = new Docker();
  return {
    port,
    stop,
    publish: async (image, name) => {
      const [repo = '', tag = 'latest'] = `127.0.0.1:${port}/${name}`.split(/:(?=[^:/]+$)/);
      await docker.getImage(image).tag({ repo, tag });
      const reference = `${repo}:${tag}`;
      const auth = { serveraddress: `127.0.0.1:${port}`, username: '', password: '' };
      await followPush(docker, (await docker.getImage(reference).push({ authconfig: auth })) as unknown as NodeJS.ReadableStream);
      await docker.getImage(reference).remove({ noprune: true });
      return reference;
    },
  };
}
