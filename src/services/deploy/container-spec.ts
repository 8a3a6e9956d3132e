import type Docker from 'dockerode';
import { basename, resolve } from 'node:path';
import { COMPOSE_FILE, durationNs, parsePort, SERVICE, type ComposeService } from '../../dms/compose-file.js';

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

export function networkName(project: string): string {
  return `${project}_default`;
}

export function composeLabels(directory: string): Record<string, string> {
  return {
    'com.docker.compose.project': projectName(directory),
    'com.docker.compose.service': SERVICE,
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.project.working_dir': resolve(directory),
    'com.docker.compose.project.config_files': resolve(directory, COMPOSE_FILE),
  };
}

export function networkOptions(directory: string, labels: Record<string, string> = {}): Docker.NetworkCreateOptions {
  const project = projectName(directory);
  return {
    Name: networkName(project),
    Driver: 'bridge',
    Labels: { 'com.docker.compose.network': 'default', 'com.docker.compose.project': project, ...labels },
  };
}

/** A volume's host side: relative paths are relative to the compose file's folder. */
function bind(volume: string, directory: string): string {
  const [source = '', ...rest] = volume.split(':');
  const host = source.startsWith('.') ? resolve(directory, source) : source;
  return [host.replace(/\/$/, '') || '/', ...rest].join(':');
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
