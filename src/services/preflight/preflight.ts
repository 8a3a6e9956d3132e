import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { COMPOSE_FILE, CONFIG_VOLUME, ENV_FILE } from '../../dms/compose-file.js';
import { connectEngine, engineAddress } from '../../target/index.js';
import { classify, type Candidate } from '../../target/locate.js';
import { CLAMAV_MIN_MEMORY, formatBytes, MIN_DISK, MIN_MEMORY, type PreflightCheck } from './checks.js';
import { portHolder, tryBind } from './port-holders.js';

/** What the wizard checks before asking anything: the engine, the ports, memory and disk, an existing install. */

export interface PortStatus {
  port: number;
  label: string;
  /** Needed only for a feature not chosen yet (POP3, ManageSieve). */
  optional?: boolean;
  free: boolean;
  /** Who holds it: a container, a process, or why it could not be checked. */
  holder?: string;
}

export interface PreflightReport {
  checks: PreflightCheck[];
  engine?: { version: string; apiVersion: string; rootless: boolean; os: string };
  ports: PortStatus[];
  memoryBytes?: number;
  /** Less memory than ClamAV wants: the wizard offers to leave it off. */
  smallHost: boolean;
  diskFreeBytes?: number;
  /** Containers that look like DMS (running or not). */
  mailServers: Candidate[];
  /** What of an earlier install is in the chosen folder. */
  existingFiles: string[];
  /** The engine could not be reached: nothing can be deployed. */
  blocked: boolean;
}

export interface PreflightOptions {
  directory: string;
  ports: { port: number; label: string; optional?: boolean }[];
  /** The address the ports will be published on ('' = all). */
  publishAddress: string;
  /** Host ports by container port, when they differ. */
  hostPorts?: Record<string, number>;
}

async function engineCheck(): Promise<{ docker?: Docker; check: PreflightCheck; engine?: PreflightReport['engine'] }> {
  try {
    const docker = await connectEngine();
    const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<{ SecurityOptions?: string[]; MemTotal?: number; DockerRootDir?: string }>]);
    const rootless = (info.SecurityOptions ?? []).some((o) => o.includes('rootless'));
    const engine = { version: version.Version, apiVersion: version.ApiVersion, rootless, os: `${version.Os}/${version.Arch}` };
    const message = `Docker ${engine.version} (API ${engine.apiVersion}, ${engine.os})${rootless ? ', rootless' : ''} at ${engineAddress()}`;
    const check: PreflightCheck = rootless
      ? { id: 'engine', title: 'Docker engine', status: 'warn', message: `${message}. Rootless Docker cannot publish ports below 1024 unless net.ipv4.ip_unprivileged_port_start allows it, and Fail2Ban bans nothing.` }
      : { id: 'engine', title: 'Docker engine', status: 'ok', message };
    return { docker, check, engine };
  } catch (error) {
    return { check: { id: 'engine', title: 'Docker engine', status: 'fail', message: (error as Error).message } };
  }
}

async function portChecks(docker: Docker | undefined, options: PreflightOptions): Promise<PortStatus[]> {
  const published = new Map<number, string>();
  for (const container of (await docker?.listContainers().catch(() => [])) ?? []) {
    for (const p of container.Ports ?? []) {
      if (p.PublicPort) published.set(p.PublicPort, `container ${(container.Names[0] ?? container.Id).replace(/^\//, '')}`);
    }
  }
  const statuses: PortStatus[] = [];
  for (const { port, label, optional } of options.ports) {
    const hostPort = options.hostPorts?.[String(port)] ?? port;
    const base = { port: hostPort, label, optional };
    const container = published.get(hostPort);
    if (container) {
      statuses.push({ ...base, free: false, holder: container });
      continue;
    }
    const state = await tryBind(hostPort, options.publishAddress || '0.0.0.0');
    if (state.free) statuses.push({ ...base, free: true });
    else statuses.push({ ...base, free: false, holder: (await portHolder(hostPort)) ?? state.reason });
  }
  return statuses;
}

function portsCheck(ports: PortStatus[]): PreflightCheck {
  const busy = ports.filter((p) => !p.free);
  if (busy.length === 0) return { id: 'ports', title: 'Ports', status: 'ok', message: `${ports.map((p) => p.port).join(', ')} are free` };
  const list = busy.map((p) => `${p.port} (${p.label}${p.optional ? ', if chosen' : ''}): ${p.holder ?? 'in use'}`).join('; ');
  const status = busy.some((p) => !p.optional) ? 'fail' : 'warn';
  return { id: 'ports', title: 'Ports', status, message: `In use: ${list}. Free them before deploying.` };
}

function memoryCheck(total: number): PreflightCheck {
  if (total < MIN_MEMORY) {
    return { id: 'memory', title: 'Memory', status: 'fail', message: `${formatBytes(total)}: DMS needs at least 1 GiB` };
  }
  if (total < CLAMAV_MIN_MEMORY) {
    return {
      id: 'memory',
      title: 'Memory',
      status: 'warn',
      message: `${formatBytes(total)} (${formatBytes(freemem())} free): enough for DMS, too little for ClamAV (~2.5 GB); it will be offered off`,
    };
  }
  return { id: 'memory', title: 'Memory', status: 'ok', message: `${formatBytes(total)}: room for every feature, ClamAV included` };
}

async function diskFree(path: string): Promise<number | undefined> {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const stats = await statfs(dir).catch(() => undefined);
  return stats ? stats.bavail * stats.bsize : undefined;
}

function existingChecks(servers: Candidate[], files: string[], directory: string): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  if (servers.length > 0) {
    const shown = servers.slice(0, 3).map((s) => `${s.name} (${s.image}, ${s.state})`);
    const list = `${shown.join(', ')}${servers.length > 3 ? ` and ${servers.length - 3} more` : ''}`;
    checks.push({ id: 'existing-container', title: 'Existing mail server', status: 'warn', message: `Found ${list}. You can manage ${servers.length === 1 ? 'it' : 'one'} instead of installing another.` });
  }
  if (files.length > 0) {
    checks.push({
      id: 'existing-files',
      title: 'Existing files',
      status: 'warn',
      message: `${directory} already has ${files.join(', ')}: they are shown as a diff and backed up before anything is replaced`,
    });
  }
  if (checks.length === 0) checks.push({ id: 'existing', title: 'Existing install', status: 'ok', message: 'No mail server container and no files in the folder' });
  return checks;
}

export function existingFiles(directory: string): string[] {
  return [COMPOSE_FILE, ENV_FILE, CONFIG_VOLUME].filter((name) => existsSync(join(directory, name)));
}

export async function runPreflight(options: PreflightOptions): Promise<PreflightReport> {
  const { docker, check: engine, engine: engineInfo } = await engineCheck();
  const ports = await portChecks(docker, options);
  const info = (await docker?.info().catch(() => undefined)) as { MemTotal?: number } | undefined;
  const memoryBytes = info?.MemTotal ?? totalmem();
  const diskFreeBytes = await diskFree(options.directory);
  const mailServers = ((await docker?.listContainers({ all: true }).catch(() => [])) ?? []).map(classify).filter((c): c is Candidate => c !== undefined && c.reason !== 'smtp-port');
  const files = existingFiles(options.directory);
  const checks: PreflightCheck[] = [engine, portsCheck(ports), memoryCheck(memoryBytes)];
  if (diskFreeBytes !== undefined) {
    checks.push(
      diskFreeBytes < MIN_DISK
        ? { id: 'disk', title: 'Disk', status: 'warn', message: `${formatBytes(diskFreeBytes)} free for ${options.directory}: mail and the image want at least 5 GiB` }
        : { id: 'disk', title: 'Disk', status: 'ok', message: `${formatBytes(diskFreeBytes)} free for ${options.directory}` },
    );
  }
  checks.push(...existingChecks(mailServers, files, options.directory));
  return {
    checks,
    engine: engineInfo,
    ports,
    memoryBytes,
    smallHost: memoryBytes < CLAMAV_MIN_MEMORY,
    diskFreeBytes,
    mailServers,
    existingFiles: files,
    blocked: engine.status === 'fail',
  };
}
