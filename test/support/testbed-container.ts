import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sha512Crypt } from '../../src/dms/sha512-crypt.js';
import { unframe } from '../../src/services/deploy/wait-ready.js';
import { DockerTarget } from '../../src/target/index.js';
import { TEST_LABEL, testRunId } from './cleanup.js';

export interface TestAccount {
  address: string;
  password: string;
  quota?: string;
}

export interface TestbedOptions {
  /** Default: one account, as DMS does not finish starting (and stops after 2 minutes) without any. */
  accounts?: TestAccount[];
  /** alias → targets, written to postfix-virtual.cf */
  aliases?: Record<string, string[]>;
  /** Extra files for the config volume, by name relative to it. */
  files?: Record<string, string>;
  env?: Record<string, string>;
  fail2ban?: boolean;
  /** Further bind mounts, `host-path:container-path[:ro]` (a Let's Encrypt folder, Traefik's acme.json). */
  binds?: string[];
  /** Further container labels (e.g. `mailwiz.stack` / `mailwiz.role`). */
  labels?: Record<string, string>;
}

export interface Testbed {
  name: string;
  docker: Docker;
  container: Docker.Container;
  target: DockerTarget;
  /** The host folder mounted at /tmp/docker-mailserver. */
  configDir: string;
  /** Host ports on 127.0.0.1, by container port. */
  port(containerPort: number): number;
  remove(): Promise<void>;
}

const CONTAINER_PORTS = [25, 110, 143, 465, 587, 993, 995, 4190];
export const READY_TIMEOUT_MS = 90_000;
export const TEST_DOMAIN = 'example.test';
export const DEFAULT_ACCOUNT: TestAccount = { address: `postmaster@${TEST_DOMAIN}`, password: 'postmaster-password' };

export function accountsFile(accounts: TestAccount[]): string {
  return accounts.map((a) => `${a.address}|{SHA512-CRYPT}${sha512Crypt(a.password)}\n`).join('');
}

/**
 * Starts a fresh mail server container the way DMS's compose file starts DMS: the config, mail, state and log
 * volumes at DMS's paths, DMS's environment variable names, NET_ADMIN, a hostname, ports on 127.0.0.1 only.
 */
export async function startTestbedContainer(image: string, options: TestbedOptions = {}): Promise<Testbed> {
  const docker = new Docker();
  const configDir = await mkdtemp(join(tmpdir(), 'mailwiz-testbed-'));
  const files: Record<string, string> = { ...options.files };
  const accounts = options.accounts ?? [DEFAULT_ACCOUNT];
  if (accounts.length) files['postfix-accounts.cf'] = accountsFile(accounts);
  const quotas = accounts.filter((a) => a.quota).map((a) => `${a.address}:${a.quota}\n`);
  if (quotas.length) files['dovecot-quotas.cf'] = quotas.join('');
  if (options.aliases) {
    files['postfix-virtual.cf'] = Object.entries(options.aliases)
      .map(([alias, targets]) => `${alias} ${targets.join(',')}\n`)
      .join('');
  }
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(configDir, name)), { recursive: true });
    await writeFile(join(configDir, name), content);
  }

  const name = `mailwiz-test-${randomBytes(4).toString('hex')}`;
  const env = {
    ENABLE_FAIL2BAN: options.fail2ban ? '1' : '0',
    ENABLE_QUOTAS: '1',
    ENABLE_POP3: '1',
    ENABLE_MANAGESIEVE: '1',
    ACCOUNT_PROVISIONER: 'FILE',
    PERMIT_DOCKER: 'none',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const container = await docker.createContainer({
    name,
    Image: image,
    Hostname: 'mail',
    Domainname: TEST_DOMAIN,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...options.labels, [TEST_LABEL]: testRunId() },
    ExposedPorts: Object.fromEntries(CONTAINER_PORTS.map((p) => [`${p}/tcp`, {}])),
    Volumes: { '/var/mail': {}, '/var/mail-state': {}, '/var/log/mail': {} },
    HostConfig: {
      Binds: [`${configDir}:/tmp/docker-mailserver`, ...(options.binds ?? [])],
      CapAdd: ['NET_ADMIN'],
      Dns: ['127.0.0.1'],
      PortBindings: Object.fromEntries(CONTAINER_PORTS.map((p) => [`${p}/tcp`, [{ HostIp: '127.0.0.1', HostPort: '' }]])),
    },
  });
  const remove = async (): Promise<void> => {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    await rm(configDir, { recursive: true, force: true });
  };
  try {
    await container.start();
    await waitUntilReady(container);
    const inspect = await container.inspect();
    const port = (containerPort: number): number => {
      const binding = inspect.NetworkSettings.Ports[`${containerPort}/tcp`]?.[0];
      if (!binding) throw new Error(`port ${containerPort} is not published`);
      return Number(binding.HostPort);
    };
    return { name, docker, container, target: new DockerTarget(docker, name), configDir, port, remove };
  } catch (error) {
    const logs = await container.logs({ stdout: true, stderr: true, tail: 40 }).catch(() => Buffer.alloc(0));
    await remove();
    throw new Error(`The testbed did not become ready: ${(error as Error).message}\n${unframe(logs)}`, { cause: error });
  }
}

export async function waitUntilReady(container: Docker.Container, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await container.inspect();
    if (!state.State.Running) throw new Error(`the container stopped (exit ${state.State.ExitCode})`);
    const logs = unframe(await container.logs({ stdout: true, stderr: true }));
    if (/is up and running/.test(logs)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not ready after ${timeoutMs / 1000} s`);
}
