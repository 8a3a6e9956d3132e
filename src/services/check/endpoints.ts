import type { PortBinding } from '../../target/index.js';
import type { TlsEndpoint, TlsMode } from '../tls/probe.js';

/**
 * The TLS ports to probe, where to reach them: a port published on loopback there (what the engine gives), any other
 * published port at the server's public address, and with nothing published (host network, or mailwiz inside the
 * container) the standard ports at the public address. 143 and POP3's 995 and 110 (DMS: ENABLE_POP3) only when
 * published.
 */

const TLS_PORTS: readonly { port: number; mode: TlsMode; always: boolean }[] = [
  { port: 25, mode: 'smtp-starttls', always: true },
  { port: 465, mode: 'implicit', always: true },
  { port: 587, mode: 'smtp-starttls', always: true },
  { port: 993, mode: 'implicit', always: true },
  { port: 995, mode: 'implicit', always: false },
  { port: 143, mode: 'imap-starttls', always: false },
  { port: 110, mode: 'pop3-starttls', always: false },
];

const isLoopback = (ip: string): boolean => ip === '::1' || ip.startsWith('127.');

/** `publicHost`: the address the FQDN resolves to (or the FQDN itself). */
export function tlsEndpoints(ports: readonly PortBinding[], fqdn: string, publicHost: string = fqdn): TlsEndpoint[] {
  const tcp = ports.filter((p) => p.protocol === 'tcp');
  return TLS_PORTS.flatMap(({ port, mode, always }): TlsEndpoint[] => {
    if (tcp.length === 0) return always ? [{ host: publicHost, port, mode, servername: fqdn, servicePort: port }] : [];
    const bindings = tcp.filter((p) => p.containerPort === port);
    const binding = bindings.find((p) => isLoopback(p.hostIp)) ?? bindings[0];
    if (!binding) return [];
    const host = isLoopback(binding.hostIp) ? binding.hostIp : publicHost;
    return [{ host, port: binding.hostPort, mode, servername: fqdn, servicePort: port }];
  });
}
