import type { PlannedRecord } from './planned-record.js';

/**
 * The records mail clients find a server by (RFC 6186 SRV, autoconfig, autodiscover): part of the plan, and what the
 * client discovery checks compare live DNS with. Apart from dns-plan.ts so the checks load without the plan's
 * Public Suffix List.
 */

export interface ClientService {
  /** The SRV service label: `imaps` for `_imaps._tcp`. */
  service: string;
  /** DMS's port for it. */
  port: number;
  what: string;
  /** Whether the plan asks for its SRV record; the others are checked only when published. */
  planned: boolean;
}

/** What mail clients look up by SRV (RFC 6186, RFC 8314 §5.1), with DMS's ports; POP3 is off in DMS by default. */
export const CLIENT_SERVICES: readonly ClientService[] = [
  { service: 'imaps', port: 993, what: 'IMAP over TLS', planned: true },
  { service: 'submissions', port: 465, what: 'submission over TLS', planned: true },
  { service: 'submission', port: 587, what: 'submission with STARTTLS', planned: true },
  { service: 'imap', port: 143, what: 'IMAP with STARTTLS', planned: false },
];

/**
 * The client discovery records of a domain: autoconfig, autodiscover, and SRV for the planned services (only those
 * on `ports` when the server offers fewer than DMS's, e.g. a stack without submission).
 */
export function clientRecords(domain: string, host: string, ports?: readonly number[]): PlannedRecord[] {
  const srv = ({ service, port, what }: ClientService): PlannedRecord => ({
    name: `_${service}._tcp.${domain}`,
    type: 'SRV',
    value: `1 ${port} ${host}`,
    priority: 0,
    importance: 'optional',
    reason: `mail clients find ${what} here (RFC 6186)`,
  });
  return [
    {
      name: `autoconfig.${domain}`,
      type: 'CNAME',
      value: host,
      importance: 'optional',
      reason: 'Thunderbird-style client setup (needs a web server serving config-v1.1.xml)',
    },
    {
      name: `autodiscover.${domain}`,
      type: 'CNAME',
      value: host,
      importance: 'optional',
      reason: 'Outlook-style client setup (needs a web server answering Autodiscover)',
    },
    ...CLIENT_SERVICES.filter((s) => s.planned && (!ports || ports.includes(s.port))).map(srv),
  ];
}
