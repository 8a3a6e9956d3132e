import { isIP } from 'node:net';
import { Document, isMap, isScalar, isSeq, parse, Scalar, YAMLMap } from 'yaml';
import {
  BUNDLED_ROOT_CN,
  bundledRootDn,
  hasBundledDirectory,
  userBase,
  type KopanoSettings,
} from '../../dms/wizard-answers-kopano.js';
import type { WizardAnswers } from '../../dms/wizard-answers.js';
import { secretFileOf } from './secret-env.js';

/**
 * compose.yaml of mlan's Kopano stack made from the wizard's answers, and read back for the deploy: `app`
 * (mlan/kopano), `mta` (mlan/postfix-amavis, delivering to the app over LMTP), `db` (MariaDB) and `auth`
 * (mlan/openldap, when the users live in the bundled directory) on one network, their data in named volumes.
 * Passwords are not in this file: each service that needs one reads it from secrets/<service>.env.
 */

export type KopanoServiceName = 'db' | 'auth' | 'app' | 'mta';
export const KOPANO_NETWORK = 'backend';
/** Where the MTA hands mail to kopano-dagent: the app service's LMTP port. */
export const LMTP_PORT = 2003;
export const VIRTUAL_TRANSPORT = `lmtp:app:${LMTP_PORT}`;
/** Where certificate files and Traefik's acme.json are mounted (read-only) in app and mta. */
export const TLS_CERT = '/etc/ssl/mailwiz/cert.pem';
export const TLS_KEY = '/etc/ssl/mailwiz/key.pem';
export const ACME_FILE = '/acme/acme.json';

export interface KopanoComposeService {
  image: string;
  hostname?: string;
  command?: string[];
  depends_on?: string[];
  networks: string[];
  ports?: string[];
  env_file?: string[];
  environment: Record<string, string>;
  volumes: string[];
  restart: string;
  dns?: string[];
}

export interface KopanoComposeModel {
  services: Partial<Record<KopanoServiceName, KopanoComposeService>>;
  networks: Record<string, object>;
  volumes: Record<string, object>;
}

export interface KopanoPort {
  service: 'app' | 'mta';
  port: number;
  label: string;
  /** The host port when the answers give none. */
  host: number;
  /** Only with TLS. */
  tls?: boolean;
}

export const KOPANO_PORTS: readonly KopanoPort[] = [
  { service: 'mta', port: 25, host: 25, label: 'SMTP: mail from other servers' },
  { service: 'app', port: 80, host: 8008, label: 'WebApp and ActiveSync over HTTP (put a TLS proxy in front)' },
  { service: 'app', port: 143, host: 143, label: 'IMAP' },
  { service: 'app', port: 993, host: 993, label: 'IMAP with implicit TLS', tls: true },
  { service: 'app', port: 8443, host: 8443, label: 'CalDAV/iCal with TLS', tls: true },
];

/** The ports the stack publishes for these answers, each with its host port. */
export function kopanoPorts(answers: Pick<WizardAnswers, 'tls' | 'publish'>): (KopanoPort & { hostPort: number })[] {
  return KOPANO_PORTS.filter((p) => !p.tls || answers.tls.type !== 'none').map((p) => ({ ...p, hostPort: answers.publish.ports?.[String(p.port)] ?? p.host }));
}

/** The services in the order they start: each after what it depends on. */
export function serviceOrder(k: KopanoSettings): KopanoServiceName[] {
  return hasBundledDirectory(k) ? ['db', 'auth', 'app', 'mta'] : ['db', 'app', 'mta'];
}

function hostAddress(address: string): string {
  if (address === '') return '';
  return isIP(address) === 6 ? `[${address}]:` : `${address}:`;
}

const LOCALTIME = '/etc/localtime:/etc/localtime:ro';

/** The TLS part of app and mta: mounts and the variables each image reads. */
function tlsParts(answers: WizardAnswers): { volumes: string[]; app: Record<string, string>; mta: Record<string, string> } {
  const { tls } = answers;
  if (tls.type === 'manual') {
    return {
      volumes: [`${tls.certPath ?? ''}:${TLS_CERT}:ro`, `${tls.keyPath ?? ''}:${TLS_KEY}:ro`],
      app: { SSL_CERTIFICATE_FILE: TLS_CERT, SSL_PRIVATE_KEY_FILE: TLS_KEY },
      mta: { SMTPD_USE_TLS: 'yes', SMTPD_TLS_CERT_FILE: TLS_CERT, SMTPD_TLS_KEY_FILE: TLS_KEY },
    };
  }
  if (tls.type === 'letsencrypt') {
    return { volumes: [`${tls.acmeJson ?? ''}:${ACME_FILE}:ro`], app: { ACME_FILE }, mta: { SMTPD_USE_TLS: 'yes', ACME_FILE } };
  }
  // self-signed: each image makes its own certificate when TLS is asked for and no file is given.
  if (tls.type === 'self-signed') return { volumes: [], app: {}, mta: { SMTPD_USE_TLS: 'yes' } };
  return { volumes: [], app: {}, mta: {} };
}

function appEnvironment(answers: WizardAnswers, k: KopanoSettings, tls: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { USER_PLUGIN: k.users };
  if (k.users === 'ldap') {
    env.LDAP_URI = hasBundledDirectory(k) ? 'ldap://auth:389/' : (k.ldap.uri ?? '');
    env.LDAP_SEARCH_BASE = k.ldap.searchBase;
    env.LDAP_USER_TYPE_ATTRIBUTE_VALUE = k.ldap.userClass;
    env.LDAP_GROUP_TYPE_ATTRIBUTE_VALUE = k.ldap.groupClass;
    const bindDn = hasBundledDirectory(k) ? bundledRootDn(k.ldap) : k.ldap.bindDn;
    if (bindDn) env.LDAP_BIND_USER = bindDn;
  }
  Object.assign(env, {
    MYSQL_HOST: 'db',
    MYSQL_DATABASE: k.mysql.database,
    MYSQL_USER: k.mysql.user,
    SMTP_SERVER: 'mta',
    LMTP_LISTEN: `*:${LMTP_PORT}`,
    IMAP_LISTEN: '*:143',
    // IMAP on for every user (the image turns IMAP and POP3 off by default); POP3 stays off.
    DISABLED_FEATURES: 'pop3',
  });
  if (answers.tls.type !== 'none') Object.assign(env, { IMAPS_LISTEN: '*:993', ICALS_LISTEN: '*:8443' });
  return { ...env, ...tls };
}

/** The Kopano database's own users, for Postfix's recipient check when Kopano keeps its users there. */
export const MYSQL_QUERY_USER = "select value from objectproperty where objectid=(select objectid from objectproperty where value='%s' limit 1) and propname='loginname'";

function mtaEnvironment(answers: WizardAnswers, k: KopanoSettings, tls: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { MAIL_DOMAIN: answers.domains.join(' '), VIRTUAL_TRANSPORT };
  if (k.users === 'ldap') {
    env.LDAP_HOST = hasBundledDirectory(k) ? 'auth' : (k.ldap.uri ?? '');
    env.LDAP_USER_BASE = userBase(k.ldap);
    env.LDAP_QUERY_FILTER_USER = `(&(objectclass=${k.ldap.userClass})(mail=%s))`;
    const bindDn = hasBundledDirectory(k) ? bundledRootDn(k.ldap) : k.ldap.bindDn;
    if (bindDn) env.LDAP_BIND_DN = bindDn;
  } else {
    Object.assign(env, { MYSQL_HOST: 'db', MYSQL_DATABASE: k.mysql.database, MYSQL_USER: k.mysql.user, MYSQL_QUERY_USER });
  }
  return { ...env, ...tls };
}

/** Which services read which secret file (the files' contents: kopanoSecretFiles). */
export function secretServices(k: KopanoSettings): KopanoServiceName[] {
  const bind = hasBundledDirectory(k) || (k.users === 'ldap' && Boolean(k.ldap.bindDn));
  return serviceOrder(k).filter((s) => s !== 'mta' || bind || k.users === 'db');
}

export function kopanoComposeModel(answers: WizardAnswers, k: KopanoSettings): KopanoComposeModel {
  const tls = tlsParts(answers);
  const withSecrets = new Set(secretServices(k));
  const common = (service: KopanoServiceName): Pick<KopanoComposeService, 'networks' | 'restart' | 'env_file' | 'dns'> => ({
    networks: [KOPANO_NETWORK],
    ...(withSecrets.has(service) ? { env_file: [secretFileOf(service)] } : {}),
    restart: 'unless-stopped',
    ...(answers.dns?.length ? { dns: [...answers.dns] } : {}),
  });
  const ports = kopanoPorts(answers);
  const published = (service: 'app' | 'mta'): string[] =>
    ports.filter((p) => p.service === service).map((p) => `${hostAddress(answers.publish.address)}${p.hostPort}:${p.port}`);
  const bundled = hasBundledDirectory(k);
  const services: KopanoComposeModel['services'] = {
    db: {
      image: k.images.db,
      command: ['--log_warnings=1'],
      ...common('db'),
      environment: { LANG: 'C.UTF-8', MYSQL_DATABASE: k.mysql.database, MYSQL_USER: k.mysql.user },
      volumes: ['db:/var/lib/mysql', LOCALTIME],
    },
  };
  if (bundled) {
    services.auth = {
      image: k.images.auth,
      ...common('auth'),
      environment: { LDAPBASE: k.ldap.searchBase, LDAPROOT_CN: BUNDLED_ROOT_CN },
      volumes: ['auth:/srv', LOCALTIME],
    };
  }
  services.app = {
    image: k.images.app,
    hostname: answers.hostname,
    depends_on: bundled ? ['db', 'auth'] : ['db'],
    ...common('app'),
    ports: published('app'),
    environment: appEnvironment(answers, k, tls.app),
    volumes: ['app-conf:/etc/kopano', 'app-atch:/var/lib/kopano/attachments', 'app-sync:/var/lib/z-push', 'app-spam:/var/lib/kopano/spamd', LOCALTIME, ...tls.volumes],
  };
  services.mta = {
    image: k.images.mta,
    hostname: answers.hostname,
    depends_on: bundled ? ['auth', 'app'] : ['app'],
    ...common('mta'),
    ports: published('mta'),
    environment: mtaEnvironment(answers, k, tls.mta),
    volumes: ['mta:/srv', 'app-spam:/var/lib/kopano/spamd', LOCALTIME, ...tls.volumes],
  };
  const volumes = ['app-atch', 'app-conf', 'app-spam', 'app-sync', ...(bundled ? ['auth'] : []), 'db', 'mta'];
  return { services, networks: { [KOPANO_NETWORK]: {} }, volumes: Object.fromEntries(volumes.map((v) => [v, {}])) };
}

/** Values as compose reads them: `$` doubled (compose interpolates a single one). */
function composeValue(value: string): Scalar {
  const scalar = new Scalar(value.replaceAll('$', '$$$$'));
  scalar.type = 'QUOTE_DOUBLE';
  return scalar;
}

const PORT_COMMENTS = new Map(KOPANO_PORTS.map((p) => [p.port, p.label]));

export function renderKopanoCompose(model: KopanoComposeModel, header: string): string {
  const doc = new Document(model);
  doc.commentBefore = header
    .split('\n')
    .map((l) => ` ${l}`.trimEnd())
    .join('\n');
  for (const name of Object.keys(model.services)) {
    const service = doc.getIn(['services', name]);
    if (!isMap(service)) continue;
    const environment = service.get('environment', true);
    if (environment instanceof YAMLMap) {
      for (const pair of environment.items) pair.value = composeValue(isScalar(pair.value) ? String(pair.value.value) : '');
    }
    const ports = service.get('ports', true);
    if (isSeq(ports)) {
      ports.items = ports.items.map((item) => {
        const text = isScalar(item) ? String(item.value) : String(item);
        const scalar = composeValue(text);
        const comment = PORT_COMMENTS.get(Number(text.split(':').pop()));
        if (comment) scalar.comment = ` ${comment}`;
        return scalar;
      });
    }
    const command = service.get('command', true);
    if (isSeq(command)) command.flow = true;
  }
  const app = doc.getIn(['services', 'app', 'hostname'], true);
  if (isScalar(app)) app.comment = ' the name in IMAPS and iCal certificates';
  const mta = doc.getIn(['services', 'mta', 'hostname'], true);
  if (isScalar(mta)) mta.comment = ' the FQDN; the MX records point here';
  return doc.toString({ lineWidth: 0 });
}

export function kopanoComposeFile(answers: WizardAnswers, k: KopanoSettings): string {
  const project = 'docker compose up -d    Logs: docker compose logs -f';
  return renderKopanoCompose(
    kopanoComposeModel(answers, k),
    `Kopano (mlan/kopano) with Postfix and Amavis, MariaDB${hasBundledDirectory(k) ? ' and OpenLDAP' : ''}, written by mailwiz.\nPasswords are in secrets/ (mode 0600), not here.\nStart: ${project}`,
  );
}

export class KopanoComposeError extends Error {
  override name = 'KopanoComposeError';
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) throw new KopanoComposeError(`${where} must be a list of strings`);
  return value.map(String);
}

function environment(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(strings(value, where).map((line) => [line.split('=')[0] ?? '', line.slice(line.indexOf('=') + 1)]));
  }
  if (!value || typeof value !== 'object') throw new KopanoComposeError(`${where} must be a mapping`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** Reads back compose.yaml of the stack: every service, with `$$` read as `$` as compose does. */
export function parseKopanoCompose(text: string): KopanoComposeModel {
  const data = parse(text) as { services?: Record<string, Record<string, unknown>>; networks?: Record<string, object>; volumes?: Record<string, object> } | null;
  const raw = data?.services;
  if (!raw || typeof raw !== 'object') throw new KopanoComposeError('the compose file has no services');
  const unescape = (s: string): string => s.replaceAll('$$', '$');
  const services: KopanoComposeModel['services'] = {};
  for (const [name, service] of Object.entries(raw)) {
    if (!['db', 'auth', 'app', 'mta'].includes(name)) throw new KopanoComposeError(`services.${name} is not a service of the Kopano stack`);
    const at = `services.${name}`;
    if (typeof service.image !== 'string' || service.image === '') throw new KopanoComposeError(`${at}.image must be a string`);
    const parsed: KopanoComposeService = {
      image: service.image,
      networks: strings(service.networks, `${at}.networks`),
      environment: Object.fromEntries(Object.entries(environment(service.environment, `${at}.environment`)).map(([k, v]) => [k, unescape(v)])),
      volumes: strings(service.volumes, `${at}.volumes`),
      restart: typeof service.restart === 'string' ? service.restart : 'no',
    };
    if (typeof service.hostname === 'string') parsed.hostname = service.hostname;
    for (const key of ['command', 'depends_on', 'ports', 'env_file', 'dns'] as const) {
      const list = strings(service[key], `${at}.${key}`);
      if (service[key] !== undefined) parsed[key] = key === 'ports' ? list.map(unescape) : list;
    }
    services[name as KopanoServiceName] = parsed;
  }
  return { services, networks: data?.networks ?? {}, volumes: data?.volumes ?? {} };
}
