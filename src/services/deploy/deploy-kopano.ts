import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { COMPOSE_FILE } from '../../dms/compose-file.js';
import { OWN_POSTMASTER, planRecords } from '../../dms/dns-plan.js';
import type { WizardAnswers } from '../../dms/wizard-answers.js';
import { KOPANO_NETWORK, kopanoPorts, parseKopanoCompose, type KopanoServiceName } from '../../formats/kopano/compose.js';
import { parseSecretEnv } from '../../formats/kopano/secret-env.js';
import { connectEngine } from '../../target/index.js';
import { discoverStacks } from '../../stacks/discover.js';
import { memberFor } from '../../stacks/stack.js';
import { appendAudit } from '../audit-log.js';
import { dkimKeys } from '../check/server-facts.js';
import { healthSnapshot } from '../health.js';
import { mailServer } from '../mail-server.js';
import { containerName, networkOptions, projectName, serviceContainerOptions, volumeOptions } from './container-spec.js';
import { DeployError, type DeployOptions, type DeployPhase, type DeployResult, type PhaseState } from './deploy.js';
import { ensureNetwork, ensureVolume, existingContainer, pullOrUseLocal } from './engine-objects.js';
import { stackReadiness } from './stack-readiness.js';
import { containerLog } from './wait-ready.js';

/**
 * Deploys the Kopano stack the wizard wrote, over the engine API, as `docker compose up -d` would from compose.yaml
 * and secrets/*.env: images, the network, the named volumes, then each service's container in the file's order with
 * compose's labels; it waits until the stack takes mail (every member and daemon running, the MTA's LMTP hand-over to
 * Kopano answering) and returns the DNS records with the DKIM key Amavis made.
 */

const READY_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 1000;

async function serviceEnvironment(directory: string, envFiles: readonly string[], environment: Record<string, string>): Promise<Record<string, string>> {
  const fromFiles: Record<string, string> = {};
  for (const file of envFiles) Object.assign(fromFiles, parseSecretEnv(await readFile(resolve(directory, file), 'utf8')));
  // As compose: `environment:` wins over `env_file:`.
  return { ...fromFiles, ...environment };
}

export async function deployKopano(answers: WizardAnswers, options: DeployOptions = {}): Promise<DeployResult> {
  const emit = options.onEvent ?? (() => undefined);
  const phase = (p: DeployPhase, state: PhaseState, message: string): void => emit({ kind: 'phase', phase: p, state, message });
  const { directory } = answers;
  const model = parseKopanoCompose(await readFile(join(directory, COMPOSE_FILE), 'utf8'));
  const services = Object.entries(model.services) as [KopanoServiceName, NonNullable<(typeof model.services)[KopanoServiceName]>][];
  const docker = options.docker ?? (await connectEngine());
  const project = projectName(directory);
  const names = new Map(services.map(([service]) => [service, containerName(project, service)]));
  const audit = (action: string, result: 'ok' | 'failed', detail?: string): Promise<void> =>
    appendAudit({ action: `deploy.${action}`, target: project, result, detail });

  const existing = (await Promise.all([...names.values()].map(async (name) => [name, await existingContainer(docker, name)] as const))).filter(
    (entry): entry is readonly [string, Docker.ContainerInspectInfo] => entry[1] !== undefined,
  );
  if (existing.length > 0 && !options.replaceExisting) {
    const list = existing.map(([name, info]) => `${name} (${info.State.Status})`).join(', ');
    throw new DeployError('CONTAINER_EXISTS', `Containers of this stack exist already: ${list}.`);
  }

  for (const image of new Set(services.map(([, s]) => s.image))) {
    phase('pull', 'running', `pulling ${image}`);
    try {
      const pull = await pullOrUseLocal(docker, image, (layers) => emit({ kind: 'layers', layers }));
      phase('pull', pull.pulled ? 'done' : 'skipped', pull.pulled ? `${image} is up to date` : `${pull.reason}; using the copy this engine has`);
      if (pull.pulled) await audit('pull', 'ok', image);
    } catch (error) {
      phase('pull', 'failed', `${image}: ${(error as Error).message}`);
      await audit('pull', 'failed', `${image}: ${(error as Error).message}`);
      throw new DeployError('FAILED', `${image}: ${(error as Error).message}`);
    }
  }

  const networks = [...new Set(services.flatMap(([, s]) => s.networks))];
  for (const network of networks.length ? networks : [KOPANO_NETWORK]) {
    const created = await ensureNetwork(docker, networkOptions(directory, options.labels, network));
    phase('network', created ? 'done' : 'skipped', `network ${project}_${network}${created ? '' : ' exists'}`);
  }
  const made: string[] = [];
  for (const volume of Object.keys(model.volumes)) {
    if (await ensureVolume(docker, { ...volumeOptions(directory, volume, options.labels), Name: `${project}_${volume}` })) made.push(volume);
  }
  phase('network', 'done', made.length ? `volumes ${made.map((v) => `${project}_${v}`).join(', ')} created` : 'the volumes exist (their data is kept)');

  for (const [name, info] of existing) {
    await docker.getContainer(name).remove({ force: true });
    await audit('remove-container', 'ok', `${name} replaced (was ${info.State.Status}); its volumes kept`);
  }

  const containers: Docker.Container[] = [];
  for (const [service, spec] of services) {
    const name = names.get(service) ?? service;
    phase('create', 'running', `creating ${name} (${spec.image})`);
    const env = await serviceEnvironment(directory, spec.env_file ?? [], spec.environment);
    const container = await docker.createContainer(
      serviceContainerOptions(
        {
          service,
          image: spec.image,
          hostname: spec.hostname,
          command: spec.command,
          env,
          ports: spec.ports ?? [],
          volumes: spec.volumes,
          restart: spec.restart,
          dns: spec.dns,
          network: spec.networks[0] ?? KOPANO_NETWORK,
        },
        directory,
        options.labels,
      ),
    );
    await container.start();
    containers.push(container);
    phase('start', 'done', `${name} started`);
    await audit('start-container', 'ok', `${name} ${spec.image}`);
  }

  phase('ready', 'running', 'waiting until the stack takes mail');
  const deadline = Date.now() + (options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  let waitingFor = 'the stack';
  for (;;) {
    const stack = (await discoverStacks(docker)).find((s) => s.name === project);
    const mta = stack && memberFor(stack, 'mta');
    if (stack && mta) {
      const readiness = stackReadiness(await healthSnapshot(mailServer(mta.target), { stack }));
      if (readiness.ready) break;
      if (readiness.ready === false && readiness.stopped) {
        const log = await containerLog(docker.getContainer(readiness.stopped), 15).catch(() => '');
        phase('ready', 'failed', `${readiness.waitingFor} stopped`);
        await audit('ready', 'failed', `${readiness.waitingFor} stopped`);
        throw new DeployError('FAILED', `${readiness.waitingFor} stopped`, log.trimEnd());
      }
      if (readiness.ready === false && readiness.waitingFor !== waitingFor) {
        waitingFor = readiness.waitingFor;
        phase('ready', 'running', `waiting for ${waitingFor}`);
      }
    }
    if (Date.now() > deadline) {
      const message = `Not ready after ${Math.round((options.readyTimeoutMs ?? READY_TIMEOUT_MS) / 1000)} s: still waiting for ${waitingFor}`;
      phase('ready', 'failed', message);
      await audit('ready', 'failed', message);
      throw new DeployError('FAILED', message, `Logs: cd ${directory} && docker compose logs --tail 50`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  phase('ready', 'done', `${services.length} services up; the MTA hands mail to Kopano`);
  await audit('ready', 'ok');

  const mtaName = names.get('mta') ?? '';
  const { DockerTarget } = await import('../../target/index.js');
  const dkim = await dkimKeys(new DockerTarget(docker, mtaName)).catch(() => ({}));
  // Kopano's clients: IMAP (993 with TLS); the stack has no submission port (its users send through Kopano).
  const clientPorts = kopanoPorts(answers).map((p) => p.port);
  const records = planRecords({ domains: answers.domains, fqdn: answers.hostname, ipv4: answers.ipv4, ipv6: answers.ipv6, dkim, clientPorts, reportAddress: OWN_POSTMASTER });
  phase('records', 'done', `${records.length} DNS records to publish`);
  const notes = [
    Object.keys(dkim).length === 0 ? `DKIM: no key could be read from ${mtaName} yet ("amavisd showkeys" there prints it once made).` : '',
    answers.kopano?.users === 'db'
      ? `Users live in Kopano's database: add the first one with: docker exec -it ${names.get('app')} kopano-admin -c USER -e ADDRESS -f "FULL NAME" -P (-P asks the password)`
      : `Users live in the directory (${answers.kopano?.ldap.searchBase ?? ''}); Kopano and Postfix find entries of class ${answers.kopano?.ldap.userClass ?? ''} with a mail address.`,
  ].filter(Boolean);
  return { container: mtaName, stack: project, records, notes };
}
