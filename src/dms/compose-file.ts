import { isIP } from 'node:net';
import { Document, isMap, isScalar, isSeq, parse, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { MANUAL_CERT, MANUAL_KEY } from './mailserver-env.js';
import { certificateSource, letsencryptDir, publishedPorts, type TlsSettings, type WizardAnswers } from './wizard-answers.js';

/** compose.yaml for DMS, as its own compose.yaml lays it out, made from the wizard's answers; and read back. */

export const SERVICE = 'mailserver';
export const ENV_FILE = 'mailserver.env';
export const COMPOSE_FILE = 'compose.yaml';
/** The host side of the config volume, relative to compose.yaml. */
export const CONFIG_VOLUME = 'docker-data/dms/config';

export interface ComposeHealthcheck {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  start_period: string;
}

export interface ComposeService {
  image: string;
  container_name: string;
  hostname: string;
  env_file: string;
  ports: string[];
  volumes: string[];
  restart: string;
  stop_grace_period: string;
  cap_add?: string[];
  dns?: string[];
  healthcheck?: ComposeHealthcheck;
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
}

/** DMS v15's own check (the image has no HEALTHCHECK there): Postfix listens on port 25. */
export const HEALTHCHECK: ComposeHealthcheck = {
  test: ['CMD-SHELL', "ss --listening --tcp --numeric | grep --silent -E ':25\\s' || exit 1"],
  interval: '10s',
  timeout: '3s',
  retries: 3,
  start_period: '30s',
};

const PORT_COMMENTS: Record<number, string> = {
  25: 'SMTP: mail from other servers (STARTTLS, no auth)',
  143: 'IMAP (STARTTLS)',
  465: 'ESMTP with implicit TLS (submission)',
  587: 'ESMTP with STARTTLS (submission)',
  993: 'IMAP with implicit TLS',
  110: 'POP3 (STARTTLS)',
  995: 'POP3 with implicit TLS',
  4190: 'ManageSieve',
};

function hostAddress(address: string): string {
  if (address === '') return '';
  return isIP(address) === 6 ? `[${address}]:` : `${address}:`;
}

export function composeModel(answers: WizardAnswers): ComposeModel {
  const ports = publishedPorts(answers.features).map(({ port }) => {
    const host = answers.publish.ports?.[String(port)] ?? port;
    return `${hostAddress(answers.publish.address)}${host}:${port}`;
  });
  const volumes = [
    './docker-data/dms/mail-data/:/var/mail/',
    './docker-data/dms/mail-state/:/var/mail-state/',
    './docker-data/dms/mail-logs/:/var/log/mail/',
    `./${CONFIG_VOLUME}/:/tmp/docker-mailserver/`,
    '/etc/localtime:/etc/localtime:ro',
  ];
  if (answers.tls.type === 'letsencrypt') volumes.push(letsencryptVolume(answers.tls));
  if (answers.tls.type === 'manual') {
    volumes.push(`${answers.tls.certPath}:${MANUAL_CERT}:ro`, `${answers.tls.keyPath}:${MANUAL_KEY}:ro`);
  }
  const service: ComposeService = {
    image: answers.image,
    container_name: answers.containerName,
    hostname: answers.hostname,
    env_file: ENV_FILE,
    ports,
    volumes,
    restart: 'always',
    stop_grace_period: '1m',
  };
  if (answers.features.fail2ban) service.cap_add = ['NET_ADMIN'];
  if (answers.dns?.length) service.dns = [...answers.dns];
  service.healthcheck = HEALTHCHECK;
  return { services: { [SERVICE]: service } };
}

/** Traefik's acme.json alone (DMS extracts the certificate into its own /etc/letsencrypt/live/), else the whole folder. */
function letsencryptVolume(tls: TlsSettings): string {
  if (certificateSource(tls) === 'traefik') return `${tls.acmeJson ?? ''}:/etc/letsencrypt/acme.json:ro`;
  return `${letsencryptDir(tls).replace(/\/?$/, '/')}:/etc/letsencrypt/:ro`;
}

function quoted(value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.type = 'QUOTE_DOUBLE';
  return scalar;
}

export function renderCompose(model: ComposeModel, header: string): string {
  const doc = new Document(model);
  doc.commentBefore = header
    .split('\n')
    .map((l) => ` ${l}`.trimEnd())
    .join('\n');
  const service = doc.getIn(['services', SERVICE]);
  if (isMap(service)) {
    const ports = service.get('ports');
    if (isSeq(ports)) {
      // Quoted as in DMS's file: YAML 1.1 would read 25:25 as a number in base 60.
      ports.items = ports.items.map((item) => {
        const text = isScalar(item) ? String(item.value) : String(item);
        const scalar = quoted(text);
        const container = Number(text.split(':').pop());
        scalar.comment = PORT_COMMENTS[container] ? ` ${PORT_COMMENTS[container]}` : undefined;
        return scalar;
      });
    }
    const capAdd = service.items.find((pair) => isScalar(pair.key) && pair.key.value === 'cap_add');
    if (capAdd && isScalar(capAdd.key)) capAdd.key.commentBefore = ' Fail2Ban bans addresses with nftables inside the container';
    const hostname = service.get('hostname', true);
    if (isScalar(hostname)) hostname.comment = ' the FQDN; the MX records point here';
    const healthcheck = service.get('healthcheck', true);
    if (healthcheck instanceof YAMLMap) {
      const test = healthcheck.get('test', true);
      if (test instanceof YAMLSeq) test.flow = true;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

export function composeFile(answers: WizardAnswers): string {
  return renderCompose(
    composeModel(answers),
    `docker-mailserver, written by mailwiz.\nStart: docker compose up -d    Logs: docker compose logs -f ${SERVICE}`,
  );
}

export class ComposeError extends Error {
  override name = 'ComposeError';
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new ComposeError(`${what} must be a list of strings`);
  }
  return value.map(String);
}

/** Reads back the mail server service of a compose.yaml: what is needed to create its container. */
export function parseCompose(text: string): ComposeService {
  const data = parse(text) as { services?: Record<string, Record<string, unknown>> } | null;
  const raw = data?.services?.[SERVICE];
  if (!raw || typeof raw !== 'object') throw new ComposeError(`the compose file has no service "${SERVICE}"`);
  const field = (name: string): string => {
    const value = raw[name];
    if (typeof value !== 'string' || value === '') throw new ComposeError(`services.${SERVICE}.${name} must be a string`);
    return value;
  };
  const service: ComposeService = {
    image: field('image'),
    container_name: field('container_name'),
    hostname: field('hostname'),
    env_file: field('env_file'),
    ports: stringList(raw.ports, 'ports'),
    volumes: stringList(raw.volumes, 'volumes'),
    restart: typeof raw.restart === 'string' ? raw.restart : 'no',
    stop_grace_period: typeof raw.stop_grace_period === 'string' ? raw.stop_grace_period : '10s',
  };
  const capAdd = stringList(raw.cap_add, 'cap_add');
  if (capAdd.length) service.cap_add = capAdd;
  const dns = stringList(raw.dns, 'dns');
  if (dns.length) service.dns = dns;
  const health = raw.healthcheck as Partial<ComposeHealthcheck> | undefined;
  if (health && Array.isArray(health.test)) {
    service.healthcheck = {
      test: stringList(health.test, 'healthcheck.test'),
      interval: String(health.interval ?? '30s'),
      timeout: String(health.timeout ?? '30s'),
      retries: Number(health.retries ?? 3),
      start_period: String(health.start_period ?? '0s'),
    };
  }
  return service;
}

export interface PortMapping {
  hostIp: string;
  hostPort: number;
  containerPort: number;
}

/** `[ip:]host:container` as compose's short syntax writes it. */
export function parsePort(spec: string): PortMapping {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(\d+):(\d+)(?:\/tcp)?$/.exec(spec);
  if (!match) throw new ComposeError(`port "${spec}" is not [ip:]host:container`);
  return { hostIp: (match[1] ?? '').replace(/^\[|\]$/g, ''), hostPort: Number(match[2]), containerPort: Number(match[3]) };
}

/** Go-style durations as compose writes them (1m, 30s, 1m30s, 500ms), in nanoseconds. */
export function durationNs(text: string): number {
  const units: Record<string, number> = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, us: 1e3, ns: 1 };
  let total = 0;
  const pattern = /(\d+(?:\.\d+)?)(h|ms|us|ns|m|s)/g;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 0);
    consumed += match[0].length;
  }
  if (consumed !== text.length || consumed === 0) throw new ComposeError(`"${text}" is not a duration (e.g. 1m, 30s)`);
  return total;
}
