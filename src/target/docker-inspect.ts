import type Docker from 'dockerode';
import type { MountInfo, NetworkInfo, PortBinding, TargetInfo } from './target.js';

export function toTargetInfo(inspect: Docker.ContainerInspectInfo): TargetInfo {
  const ports: PortBinding[] = [];
  for (const [key, bindings] of Object.entries(inspect.NetworkSettings?.Ports ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    for (const binding of bindings ?? []) {
      ports.push({ containerPort: Number(port), protocol, hostIp: binding.HostIp, hostPort: Number(binding.HostPort) });
    }
  }
  const env: Record<string, string> = {};
  for (const entry of inspect.Config?.Env ?? []) {
    const at = entry.indexOf('=');
    if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  const mounts: MountInfo[] = (inspect.Mounts ?? []).map((m) => ({
    type: m.Type,
    source: m.Source,
    destination: m.Destination,
  }));
  const networks: NetworkInfo[] = Object.entries(inspect.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({
    name,
    ipAddress: n.IPAddress ?? '',
    gateway: n.Gateway ?? '',
    ipv6Gateway: n.IPv6Gateway ?? '',
  }));
  const hostname = inspect.Config?.Domainname
    ? `${inspect.Config.Hostname}.${inspect.Config.Domainname}`
    : (inspect.Config?.Hostname ?? '');
  return {
    name: inspect.Name.replace(/^\//, ''),
    id: inspect.Id,
    image: inspect.Config?.Image ?? inspect.Image,
    state: inspect.State.Status,
    health: inspect.State.Health?.Status,
    startedAt: inspect.State.StartedAt ? new Date(inspect.State.StartedAt) : undefined,
    hostname,
    ports,
    env,
    mounts,
    labels: inspect.Config?.Labels ?? {},
    networks,
  };
}

/**
 * Splits the engine's RFC 3339 timestamp (nanosecond precision) off a log line. The nanosecond count is exact so that
 * lines repeated after a reconnect can be recognised.
 */
export function parseDockerTimestamp(line: string): { time?: Date; nanos?: bigint; text: string } {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z (.*)$/s.exec(line);
  if (!match) return { text: line };
  const [, seconds = '', fraction = '', text = ''] = match;
  const ms = Date.parse(`${seconds}Z`);
  const nanos = BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
  return { time: new Date(Number(nanos / 1_000_000n)), nanos, text };
}
