import type Docker from 'dockerode';
import { basename, resolve } from 'node:path';
import { COMPOSE_FILE, durationNs, parsePort, SERVICE, type ComposeService } from '../../dms/compose-file.js';
import type { WizardAnswers } from '../../dms/wizard-answers.js';

/**
 * The container `docker compose up` would create from our compose.yaml, as engine API options, with compose's
 * labels so that `docker compose` (ps, logs, stop, down, up) treats it as its own afterwards.
 */

/** Compose's default project name: the folder's name, lower case, only [a-z0-9_-]. */
export function projectName(directory: string): string {
  const name = basename(resolve(directory))
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '');
  return /^[a-z0-9]/.test(name) ? name : `mailwiz${name}`;
}

/** Compose's name of a network (`default` unless the file names its own). */
export function networkName(project: string, network = 'default'): string {
  return `${project}_${network}`;
}

/** Compose's name of a container: `<project>-<service>-1`. */
export function containerName(project: string, service: string): string {
  return `${project}-${service}-1`;
}

/** The container a deploy of these answers makes the mail server of: DMS's, or the Kopano stack's MTA. */
export function deployedContainer(answers: Pick<WizardAnswers, 'system' | 'directory' | 'containerName'>): string {
  return answers.system === 'kopano' ? containerName(projectName(answers.directory), 'mta') : answers.containerName;
}

export function composeLabels(directory: string, service = SERVICE): Record<string, string> {
  return {
    'com.docker.compose.project': projectName(directory),
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.project.working_dir': resolve(directory),
    'com.docker.compose.project.config_files': resolve(directory, COMPOSE_FILE),
  };
}

export function networkOptions(directory: string, labels: Record<string, string> = {}, network = 'default'): Docker.NetworkCreateOptions {
  const project = projectName(directory);
  return {
    Name: networkName(project, network),
    Driver: 'bridge',
    Labels: { 'com.docker.compose.network': network, 'com.docker.compose.project': project, ...labels },
  };
}

/** A named volume of the compose file, as compose creates it: `<project>_<name>`, with its labels. */
export function volumeOptions(directory: string, volume: string, labels: Record<string, string> = {}): Docker.VolumeCreateOptions {
  const project = projectName(directory);
  return { Name: `${project}_${volume}`, Labels: { 'com.docker.compose.project': project, 'com.docker.compose.volume': volume, ...labels } };
}

/**
 * A volume's host side: relative paths are relative to the compose file's folder; a bare name is a named volume of
 * the project (`<project>_<name>`).
 */
function bind(volume: string, directory: string): string {
  const [source = '', ...rest] = volume.split(':');
  const named = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source) && rest.length > 0;
  const host = source.startsWith('.') ? resolve(directory, source) : named ? `${projectName(directory)}_${source}` : source;
  return [host.replace(/\/$/, '') || '/', ...rest].join(':');
}

/** One service of a compose project, as the engine creates its container. */
export interface ServiceSpec {
  service: string;
  image: string;
  hostname?: string;
  command?: string[];
  env: Record<string, string>;
  ports: string[];
  volumes: string[];
  restart: string;
  dns?: string[];
  /** The compose network the service is on, by its key in the file. */
  network: string;
}

/** The container `docker compose up` makes for a service of a project with several services. */
export function serviceContainerOptions(spec: ServiceSpec, directory: string, extraLabels: Record<string, string> = {}): Docker.ContainerCreateOptions {
  const ports = spec.ports.map(parsePort);
  const portKeys = [...new Set(ports.map((p) => `${p.containerPort}/tcp`))];
  const project = projectName(directory);
  const network = networkName(project, spec.network);
  const name = containerName(project, spec.service);
  return {
    name,
    Image: spec.image,
    Hostname: spec.hostname,
    ...(spec.command ? { Cmd: spec.command } : {}),
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...composeLabels(directory, spec.service), ...extraLabels },
    ExposedPorts: Object.fromEntries(portKeys.map((k) => [k, {}])),
    HostConfig: {
      Binds: spec.volumes.map((v) => bind(v, directory)),
      PortBindings: Object.fromEntries(
        portKeys.map((key) => [key, ports.filter((p) => `${p.containerPort}/tcp` === key).map((p) => ({ HostIp: p.hostIp, HostPort: String(p.hostPort) }))]),
      ),
      RestartPolicy: { Name: spec.restart === 'no' ? '' : spec.restart, MaximumRetryCount: 0 },
      NetworkMode: network,
      Dns: spec.dns,
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [spec.service, name] } } },
  };
}

export function containerOptions(
  service: ComposeService,
  env: Record<string, string>,
  directory: string,
  extraLabels: Record<string, string> = {},
): Docker.ContainerCreateOptions {
  const ports = service.ports.map(parsePort);
  const portKeys = [...new Set(ports.map((p) => `${p.containerPort}/tcp`))];
  const health = service.healthcheck;
  return {
    name: service.container_name,
    Image: service.image,
    Hostname: service.hostname,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...composeLabels(directory), ...extraLabels },
    ExposedPorts: Object.fromEntries(portKeys.map((k) => [k, {}])),
    StopTimeout: Math.round(durationNs(service.stop_grace_period) / 1e9),
    Healthcheck: health
      ? {
          Test: health.test,
          Interval: durationNs(health.interval),
          Timeout: durationNs(health.timeout),
          Retries: health.retries,
          StartPeriod: durationNs(health.start_period),
        }
      : undefined,
    HostConfig: {
      Binds: service.volumes.map((v) => bind(v, directory)),
      PortBindings: Object.fromEntries(
        portKeys.map((key) => [
          key,
          ports.filter((p) => `${p.containerPort}/tcp` === key).map((p) => ({ HostIp: p.hostIp, HostPort: String(p.hostPort) })),
        ]),
      ),
      RestartPolicy: { Name: service.restart === 'no' ? '' : service.restart, MaximumRetryCount: 0 },
      CapAdd: service.cap_add,
      Dns: service.dns,
    },
    NetworkingConfig: {
      EndpointsConfig: { [networkName(projectName(directory))]: { Aliases: [SERVICE, service.container_name] } },
    },
  };
}
