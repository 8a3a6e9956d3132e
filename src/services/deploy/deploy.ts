import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPOSE_FILE, CONFIG_VOLUME, parseCompose } from '../../dms/compose-file.js';
import { OWN_POSTMASTER, planRecords, type PlannedRecord } from '../../dms/dns-plan.js';
import { parseEnv } from '../../dms/mailserver-env.js';
import { certificateSource, type WizardAnswers } from '../../dms/wizard-answers.js';
import { connectEngine, DockerTarget } from '../../target/index.js';
import { addAccount } from '../accounts.js';
import { addAlias } from '../aliases.js';
import { appendAudit } from '../audit-log.js';
import { waitForAccount, waitForAlias } from '../liveness.js';
import { mailServer } from '../mail-server.js';
import { containerOptions, networkOptions } from './container-spec.js';
import { createKeysBeforeStart, dkimKeysForPlan } from './dkim-before-start.js';
import { ensureNetwork, existingContainer, pullOrUseLocal } from './engine-objects.js';
import type { LayerProgress } from './image-pull.js';
import { certificateForDeploy } from './letsencrypt-certificate.js';
import { NotReadyError, waitUntilReady } from './wait-ready.js';

/**
 * Deploys what the wizard wrote, over the engine API, as `docker compose up -d` would from compose.yaml and
 * mailserver.env: pull, network, container with compose's labels, start; then what DMS needs in its first two
 * minutes (the first account), DKIM keys, and the DNS records to publish.
 */

export type DeployPhase = 'pull' | 'network' | 'certificate' | 'dkim' | 'create' | 'start' | 'account' | 'ready' | 'aliases' | 'records';
export type PhaseState = 'running' | 'done' | 'skipped' | 'failed';

export type DeployEvent =
  | { kind: 'phase'; phase: DeployPhase; state: PhaseState; message: string }
  | { kind: 'layers'; layers: LayerProgress[] };

export interface DeployOptions {
  /** Replace a container of the same name (its data lives in docker-data/ and is kept). The UI asks first. */
  replaceExisting?: boolean;
  /** Extra labels on what is created (tests mark their containers). */
  labels?: Record<string, string>;
  onEvent?: (event: DeployEvent) => void;
  readyTimeoutMs?: number;
  /** Further accounts and aliases after the first (the demo's samples). */
  extraAccounts?: { address: string; password: string }[];
  extraAliases?: { alias: string; target: string }[];
  docker?: Docker;
}

export interface DeployResult {
  /** The mail server's container (a stack's MTA). */
  container: string;
  /** A stack of several containers: its name (the compose project). */
  stack?: string;
  records: PlannedRecord[];
  notes: string[];
}

export class DeployError extends Error {
  override name = 'DeployError';
  constructor(
    readonly code: 'CONTAINER_EXISTS' | 'FAILED',
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

const READY_TIMEOUT_MS = 5 * 60_000;

export async function deploy(answers: WizardAnswers, options: DeployOptions = {}): Promise<DeployResult> {
  const emit = options.onEvent ?? (() => undefined);
  const phase = (p: DeployPhase, state: PhaseState, message: string): void => emit({ kind: 'phase', phase: p, state, message });
  const { directory } = answers;
  const service = parseCompose(await readFile(join(directory, COMPOSE_FILE), 'utf8'));
  const env = parseEnv(await readFile(join(directory, service.env_file), 'utf8'));
  const docker = options.docker ?? (await connectEngine());
  const name = service.container_name;
  const notes: string[] = [];
  const audit = (action: string, result: 'ok' | 'failed', detail?: string): Promise<void> =>
    appendAudit({ action: `deploy.${action}`, target: name, result, detail });

  const existing = await existingContainer(docker, name);
  if (existing && !options.replaceExisting) {
    throw new DeployError('CONTAINER_EXISTS', `A container named ${name} exists already (${existing.State.Status}).`);
  }

  phase('pull', 'running', `pulling ${service.image}`);
  try {
    const pull = await pullOrUseLocal(docker, service.image, (layers) => emit({ kind: 'layers', layers }));
    if (pull.pulled) {
      phase('pull', 'done', `${service.image} is up to date`);
      await audit('pull', 'ok', service.image);
    } else phase('pull', 'skipped', `${pull.reason}; using the copy this engine has`);
  } catch (error) {
    phase('pull', 'failed', (error as Error).message);
    await audit('pull', 'failed', (error as Error).message);
    throw new DeployError('FAILED', (error as Error).message);
  }

  const network = networkOptions(directory, options.labels);
  phase('network', (await ensureNetwork(docker, network)) ? 'done' : 'skipped', `network ${network.Name}`);

  if (existing) {
    await docker.getContainer(name).remove({ force: true });
    await audit('remove-container', 'ok', `replaced (was ${existing.State.Status}); data in ${directory}/docker-data kept`);
  }

  if (answers.tls.type === 'letsencrypt' && certificateSource(answers.tls) === 'mailwiz') {
    phase('certificate', 'running', `asking for a certificate for ${answers.hostname} (http-01 on port ${answers.tls.httpPort ?? 80})`);
    try {
      const obtained = await certificateForDeploy(answers, (line) => phase('certificate', 'running', line));
      notes.push(...obtained.notes);
      phase('certificate', 'done', obtained.message);
      await audit('certificate', 'ok', obtained.message);
    } catch (error) {
      phase('certificate', 'failed', (error as Error).message);
      await audit('certificate', 'failed', (error as Error).message);
      throw new DeployError('FAILED', (error as Error).message, 'Check that the host name resolves to this machine and port 80 reaches it; "mailwiz cert obtain" tries again on its own.');
    }
  }

  let dkim: ReturnType<typeof dkimKeysForPlan> | undefined;
  if (env.ENABLE_OPENDKIM === '1') {
    phase('dkim', 'running', `DKIM keys for ${answers.domains.join(', ')}`);
    const keys = await createKeysBeforeStart(docker, {
      image: service.image,
      configDir: join(directory, CONFIG_VOLUME),
      domains: answers.domains,
      name: `${name}-mailwiz-dkim`,
      labels: options.labels,
    });
    dkim = dkimKeysForPlan(keys);
    const made = keys.filter((k) => k.created).map((k) => k.domain);
    phase('dkim', 'done', made.length ? `new 2048-bit keys for ${made.join(', ')} (selector mail)` : 'existing keys kept');
    await audit('dkim-keys', 'ok', JSON.stringify({ created: made }));
  } else {
    phase('dkim', 'skipped', 'Rspamd signs with its own keys: run "docker exec ' + name + ' setup config dkim" once it runs');
    notes.push(`DKIM: with Rspamd, make the key with: docker exec ${name} setup config dkim — then publish the record it prints.`);
  }

  phase('create', 'running', `creating ${name}`);
  const container = await docker.createContainer(containerOptions(service, env, directory, options.labels));
  phase('create', 'done', `${name} created (compose project labels set: "docker compose ps" in ${directory} shows it)`);
  await audit('create-container', 'ok', service.image);

  await container.start();
  phase('start', 'done', `${name} started`);
  await audit('start-container', 'ok');

  const server = mailServer(new DockerTarget(docker, name));
  const first = answers.provisioner === 'file' ? answers.firstAccount : undefined;
  if (first) {
    phase('account', 'running', `adding ${first.address} (DMS stops after 2 minutes without an account)`);
    await addAccount(server, first.address, first.password);
    for (const extra of options.extraAccounts ?? []) await addAccount(server, extra.address, extra.password);
    phase('account', 'done', `${first.address} added`);
    await audit('add-account', 'ok', first.address);
  } else {
    phase('account', 'skipped', 'accounts come from LDAP');
  }

  phase('ready', 'running', 'waiting for the mail services');
  try {
    const state = await waitUntilReady(container, {
      timeoutMs: options.readyTimeoutMs ?? READY_TIMEOUT_MS,
      onStatus: (message) => phase('ready', 'running', message),
    });
    if (first) await waitForAccount(server, first.address, true, 60_000);
    phase('ready', 'done', `up and running${state.health ? ` (${state.health})` : ''}`);
    await audit('ready', 'ok', state.health);
  } catch (error) {
    const detail = error instanceof NotReadyError ? error.logTail : undefined;
    phase('ready', 'failed', (error as Error).message);
    await audit('ready', 'failed', (error as Error).message);
    throw new DeployError('FAILED', (error as Error).message, detail);
  }

  if (first?.postmasterAlias || options.extraAliases?.length) {
    const aliases = [
      ...(first?.postmasterAlias ? answers.domains.map((d) => ({ alias: `postmaster@${d}`, target: first.address })) : []),
      ...(options.extraAliases ?? []),
    ].filter((a) => a.alias !== a.target);
    const targets = new Map<string, string[]>();
    for (const { alias, target } of aliases) targets.set(alias, await addAlias(server, alias, target));
    phase('aliases', 'running', 'waiting until Postfix knows the aliases');
    for (const [alias, list] of targets) await waitForAlias(server, alias, list, 60_000);
    phase('aliases', 'done', aliases.map((a) => `${a.alias} -> ${a.target}`).join(', '));
    await audit('add-aliases', 'ok', aliases.map((a) => a.alias).join(','));
  }

  const records = planRecords({ domains: answers.domains, fqdn: answers.hostname, ipv4: answers.ipv4, ipv6: answers.ipv6, dkim, reportAddress: OWN_POSTMASTER });
  phase('records', 'done', `${records.length} DNS records to publish`);
  return { container: name, records, notes };
}
