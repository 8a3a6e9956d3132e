import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { publishedPorts, defaultAnswers, type WizardAnswers } from '../../dms/wizard-answers.js';
import { appendAudit } from '../audit-log.js';
import { tryBind } from '../preflight/port-holders.js';
import { networkName, projectName } from './container-spec.js';

/**
 * `mailwiz demo`: the deploy path with built-in answers: example.test, self-signed TLS, every port on 127.0.0.1
 * only, a few sample accounts and aliases. Needs a Docker engine and nothing else (no domain, no DNS).
 */

export const DEMO_DOMAIN = 'example.test';
export const DEMO_CONTAINER = 'mailwiz-demo';

export function demoDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.MAILWIZ_CONFIG_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'mailwiz');
  return join(base, 'mailwiz-demo');
}

export interface DemoPlan {
  answers: WizardAnswers;
  accounts: { address: string; password: string }[];
  aliases: { alias: string; target: string }[];
  /** Standard ports that were taken, with the port used instead. */
  movedPorts: { port: number; hostPort: number }[];
}

/** A free host port on 127.0.0.1: the standard one when free, else the first free one from 10000 + port. */
async function freePort(port: number, taken: Set<number>): Promise<number> {
  for (let candidate = port, tries = 0; tries < 200; candidate = tries === 0 ? 10000 + port : candidate + 1, tries++) {
    if (!taken.has(candidate) && (await tryBind(candidate, '127.0.0.1')).free) return candidate;
  }
  throw new Error(`no free port found for ${port} on 127.0.0.1`);
}

export async function demoPlan(options: { image?: string; directory?: string } = {}): Promise<DemoPlan> {
  const password = (): string => randomBytes(9).toString('base64url');
  const accounts = ['admin', 'alice', 'bob'].map((user) => ({ address: `${user}@${DEMO_DOMAIN}`, password: password() }));
  const [admin, alice, bob] = accounts as [(typeof accounts)[0], (typeof accounts)[0], (typeof accounts)[0]];
  const answers: WizardAnswers = {
    ...defaultAnswers(''),
    directory: options.directory ?? demoDirectory(),
    containerName: DEMO_CONTAINER,
    domains: [DEMO_DOMAIN],
    hostname: `mail.${DEMO_DOMAIN}`,
    provisioner: 'file',
    firstAccount: { address: admin.address, password: admin.password, postmasterAlias: true },
    features: { spam: 'off', clamav: false, fail2ban: false, postgrey: false, pop3: true, managesieve: true, quotas: true },
    tls: { type: 'self-signed' },
    publish: { address: '127.0.0.1', ports: {} },
    // Everything is local: the demo needs no name server, and asks none outside this machine.
    dns: ['127.0.0.1'],
  };
  if (options.image) answers.image = options.image;
  const movedPorts: DemoPlan['movedPorts'] = [];
  const taken = new Set<number>();
  for (const { port } of publishedPorts(answers.features)) {
    const hostPort = await freePort(port, taken);
    taken.add(hostPort);
    answers.publish.ports![String(port)] = hostPort;
    if (hostPort !== port) movedPorts.push({ port, hostPort });
  }
  return {
    answers,
    accounts: [alice, bob],
    aliases: [
      { alias: `info@${DEMO_DOMAIN}`, target: alice.address },
      { alias: `info@${DEMO_DOMAIN}`, target: bob.address },
    ],
    movedPorts,
  };
}

/** Removes the demo: its container, its compose network, and its folder (which holds nothing but demo data). */
export async function removeDemo(docker: Docker, directory = demoDirectory()): Promise<string[]> {
  const removed: string[] = [];
  const container = docker.getContainer(DEMO_CONTAINER);
  if (await container.inspect().then(() => true, () => false)) {
    await container.remove({ force: true, v: true });
    removed.push(`container ${DEMO_CONTAINER}`);
  }
  const network = networkName(projectName(directory));
  const networks = await docker.listNetworks({ filters: { name: [network] } });
  for (const n of networks.filter((x) => x.Name === network)) {
    await docker.getNetwork(n.Id).remove();
    removed.push(`network ${network}`);
  }
  await rm(directory, { recursive: true, force: true });
  removed.push(`folder ${directory}`);
  await appendAudit({ action: 'demo.remove', target: DEMO_CONTAINER, result: 'ok', detail: removed.join(', ') });
  return removed;
}
