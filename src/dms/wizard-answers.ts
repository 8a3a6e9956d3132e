import { isIP } from 'node:net';
import { inNetwork, ipFamily } from './dns-ip.js';
import { normalName } from './dns-name.js';
import { addressProblem, contactEmailProblem, domainProblem, hostProblem, passwordProblem, portProblem, printable } from './validate.js';
import { ldapDnProblem, ldapFilterProblem, ldapUriProblem } from './ldap-syntax.js';
import type { Problem } from './answer-problem.js';
import type { CertificateSource, TlsSettings } from './tls-settings.js';
import { kopanoProblems, kopanoTlsProblem, type KopanoSettings } from './wizard-answers-kopano.js';

export type { Problem } from './answer-problem.js';
export type { CertificateSource, TlsChoice, TlsSettings } from './tls-settings.js';

/** What the install wizard asks, as one plain object: kept between runs, read from an answers file, turned into files. */

export const DEFAULT_IMAGE = 'ghcr.io/docker-mailserver/docker-mailserver:latest';
export const DEFAULT_CONTAINER = 'mailserver';

export type SpamFilter = 'rspamd' | 'amavis' | 'off';
export type Provisioner = 'file' | 'ldap';
/** Which mail system the wizard installs: docker-mailserver (one container) or mlan's Kopano stack (four). */
export type MailSystem = 'dms' | 'kopano';
export const MAIL_SYSTEMS: readonly MailSystem[] = ['dms', 'kopano'];
export const LETSENCRYPT_DIR = '/etc/letsencrypt';

export interface LdapFilters {
  user: string;
  domain: string;
  alias: string;
  group: string;
  senders: string;
}

export interface LdapSettings {
  /** ldap://host[:port] or ldaps://host[:port] */
  uri: string;
  startTls: boolean;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  filters: LdapFilters;
}

export interface RelaySettings {
  host: string;
  port: number;
  user?: string;
  password?: string;
}

export interface Features {
  spam: SpamFilter;
  clamav: boolean;
  fail2ban: boolean;
  postgrey: boolean;
  pop3: boolean;
  managesieve: boolean;
  quotas: boolean;
  relay?: RelaySettings;
}

export interface FirstAccount {
  address: string;
  password: string;
  /** Adds postmaster@<each domain> as an alias of the first account. */
  postmasterAlias: boolean;
}

export function certificateSource(tls: TlsSettings): CertificateSource {
  return tls.source ?? 'mailwiz';
}

export function letsencryptDir(tls: TlsSettings): string {
  return tls.letsencryptDir ?? LETSENCRYPT_DIR;
}

export interface WizardAnswers {
  /** Where compose.yaml, mailserver.env and docker-data/ go. */
  directory: string;
  image: string;
  containerName: string;
  domains: string[];
  /** The server's FQDN: MX target, HELO name, certificate name. */
  hostname: string;
  ipv4?: string;
  ipv6?: string;
  provisioner: Provisioner;
  firstAccount?: FirstAccount;
  ldap?: LdapSettings;
  features: Features;
  tls: TlsSettings;
  /** Host address the ports are published on ('' = every address); host ports by container port when they differ. */
  publish: { address: string; ports?: Record<string, number> };
  /** DNS servers for the container (compose `dns:`), when the host's should not be used. */
  dns?: string[];
  /** docker-mailserver when absent. */
  system?: MailSystem;
  /** system kopano: its settings (image, containerName, accounts and features are DMS's). */
  kopano?: KopanoSettings;
}

export function mailSystem(answers: Pick<WizardAnswers, 'system'>): MailSystem {
  return answers.system ?? 'dms';
}

/** The ports DMS serves, with what they are for; the optional ones only when their feature is on. */
export const MAIL_PORTS = [
  { port: 25, label: 'SMTP (mail from other servers)' },
  { port: 143, label: 'IMAP (STARTTLS)' },
  { port: 465, label: 'submission over implicit TLS' },
  { port: 587, label: 'submission (STARTTLS)' },
  { port: 993, label: 'IMAPS' },
] as const;
export const OPTIONAL_PORTS = [
  { port: 110, label: 'POP3 (STARTTLS)', feature: 'pop3' },
  { port: 995, label: 'POP3S', feature: 'pop3' },
  { port: 4190, label: 'ManageSieve', feature: 'managesieve' },
] as const;

export function publishedPorts(features: Pick<Features, 'pop3' | 'managesieve'>): { port: number; label: string }[] {
  return [...MAIL_PORTS, ...OPTIONAL_PORTS.filter((p) => features[p.feature])];
}

export function defaultLdapFilters(): LdapFilters {
  const user = '(&(objectClass=inetOrgPerson)(mail=%s))';
  const alias = '(&(objectClass=inetLocalMailRecipient)(mailLocalAddress=%s))';
  return {
    user,
    domain: '(|(&(objectClass=inetOrgPerson)(mail=*@%s))(&(objectClass=inetLocalMailRecipient)(mailLocalAddress=*@%s)))',
    alias,
    group: '(&(objectClass=groupOfNames)(mail=%s))',
    senders: `(|${user}${alias})`,
  };
}

export function defaultFeatures(): Features {
  return { spam: 'rspamd', clamav: false, fail2ban: true, postgrey: false, pop3: false, managesieve: false, quotas: true };
}

export function defaultAnswers(cwd: string): WizardAnswers {
  return {
    directory: `${cwd.replace(/\/+$/, '')}/mailserver`,
    image: DEFAULT_IMAGE,
    containerName: DEFAULT_CONTAINER,
    domains: [],
    hostname: '',
    provisioner: 'file',
    features: defaultFeatures(),
    tls: { type: 'letsencrypt', source: 'mailwiz' },
    publish: { address: '' },
  };
}

// ---------------------------------------------------------------- one answer at a time (the wizard's fields)

/** Domains typed as one line, separated by commas or spaces. */
export function splitDomains(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((d) => normalName(d))
    .filter((d) => d !== '');
}

export function domainsProblem(domains: readonly string[]): string | undefined {
  if (domains.length === 0) return 'Give at least one mail domain, e.g. example.com';
  for (const domain of domains) {
    const problem = domainProblem(domain);
    if (problem) return `${problem.replace(/^./, (c) => c.toUpperCase())}`;
  }
  const twice = domains.find((d, i) => domains.indexOf(d) !== i);
  return twice ? `${twice} is listed twice` : undefined;
}

export function hostnameProblem(hostname: string): string | undefined {
  if (hostname.trim() === '') return "Give the server's host name, e.g. mail.example.com";
  if (isIP(hostname) !== 0) return `${hostname} is an IP address: the server needs a host name (e.g. mail.example.com)`;
  if (!hostname.replace(/\.$/, '').includes('.')) return `'${printable(hostname)}' is not fully qualified: give the whole name, e.g. mail.example.com`;
  return domainProblem(hostname);
}

/** Not wrong, but worth a second look: DMS's known pitfall of a host name equal to a mail domain. */
export function hostnameWarning(hostname: string, domains: readonly string[]): string | undefined {
  const host = normalName(hostname);
  if (domains.some((d) => normalName(d) === host)) {
    return (
      `${host} is also a mail domain. DMS then treats it as the machine's own name and mail to your accounts ` +
      `bounces ("User unknown in local recipient table"). Use a host name below it, e.g. mail.${host}`
    );
  }
  return undefined;
}

const PRIVATE_NETWORKS: [string, number][] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::1', 128],
];

export function isPrivateIp(ip: string): boolean {
  return PRIVATE_NETWORKS.some(([network, prefix]) => inNetwork(ip, network, prefix));
}

/** An empty answer means "none". */
export function ipProblem(value: string, family: 4 | 6): string | undefined {
  if (value === '') return undefined;
  if (ipFamily(value) !== family) return `'${printable(value)}' is not an IPv${family} address`;
  return undefined;
}

export function ipWarning(value: string): string | undefined {
  if (value === '' || !isPrivateIp(value)) return undefined;
  return `${value} is a private address: other mail servers cannot reach it. Give the public one (your provider's panel shows it)`;
}

export function firstAccountProblem(address: string, domains: readonly string[]): string | undefined {
  const problem = addressProblem(address);
  if (problem) return problem;
  const domain = normalName(address.slice(address.lastIndexOf('@') + 1));
  if (!domains.map(normalName).includes(domain)) return `${address} is not in your mail domains (${domains.join(', ')})`;
  return undefined;
}

export const MIN_PASSWORD_LENGTH = 8;

export function newPasswordProblem(password: string): string | undefined {
  const problem = passwordProblem(password);
  if (problem) return problem;
  if ([...password].length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  return undefined;
}

export function containerNameProblem(name: string): string | undefined {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)
    ? undefined
    : `'${printable(name)}' is not a container name (letters, digits, '_', '.', '-'; starting with a letter or digit)`;
}

/** image[:tag][@digest], with an optional registry host[:port]. */
export function imageProblem(image: string): string | undefined {
  const pattern = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
  return pattern.test(image) ? undefined : `'${printable(image)}' is not an image name (e.g. ${DEFAULT_IMAGE})`;
}

export function directoryProblem(directory: string): string | undefined {
  if (directory === '') return 'Give a folder for the mail server files';
  if (!directory.startsWith('/')) return `${directory} is not an absolute path`;
  if (/[\n\r\0]/.test(directory)) return 'The folder name contains a line break';
  return undefined;
}

export function featuresProblem(features: Features, provisioner: Provisioner): Problem | undefined {
  if (features.clamav && features.spam === 'off') {
    return { field: 'features.clamav', message: 'ClamAV scans mail through Amavis or Rspamd: choose one of them, or leave ClamAV off' };
  }
  if (features.quotas && provisioner === 'ldap') {
    return { field: 'features.quotas', message: 'Quotas work with file accounts only (DMS turns them off with LDAP)' };
  }
  if (features.postgrey && features.spam === 'rspamd') {
    return { field: 'features.postgrey', message: 'Rspamd greylists by itself: Postgrey beside it is discouraged by DMS' };
  }
  const relay = features.relay;
  if (relay) {
    const host = hostProblem(relay.host);
    if (host) return { field: 'features.relay.host', message: host };
    const port = portProblem(String(relay.port));
    if (port) return { field: 'features.relay.port', message: port };
    if (Boolean(relay.user) !== Boolean(relay.password)) {
      return { field: 'features.relay.user', message: 'Give both the relay user and its password, or neither' };
    }
  }
  return undefined;
}

export function ldapProblems(ldap: LdapSettings): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string | undefined): void => {
    if (message) problems.push({ field: `ldap.${field}`, message });
  };
  add('uri', ldapUriProblem(ldap.uri));
  if (ldap.startTls && ldap.uri.startsWith('ldaps://')) add('startTls', 'StartTLS is for ldap:// addresses; ldaps:// is encrypted already');
  add('bindDn', ldapDnProblem(ldap.bindDn, 'bind DN'));
  if (ldap.bindPassword === '') add('bindPassword', 'Give the password of the bind DN');
  add('searchBase', ldapDnProblem(ldap.searchBase, 'search base'));
  for (const [name, filter] of Object.entries(ldap.filters)) add(`filters.${name}`, ldapFilterProblem(filter, name.toUpperCase()));
  return problems;
}

function absolutePathProblem(path: string | undefined, what: string): string | undefined {
  if (!path) return `Give the ${what}`;
  return path.startsWith('/') ? undefined : `${path} is not an absolute path`;
}

function letsencryptProblem(tls: TlsSettings): Problem | undefined {
  const problem = (field: string, message: string | undefined): Problem | undefined => (message ? { field: `tls.${field}`, message } : undefined);
  if (tls.source === 'traefik') return problem('acmeJson', absolutePathProblem(tls.acmeJson, "file of Traefik's acme.json"));
  return (
    problem('letsencryptDir', tls.letsencryptDir === undefined ? undefined : absolutePathProblem(tls.letsencryptDir, "Let's Encrypt folder")) ??
    problem('email', tls.email === undefined ? undefined : contactEmailProblem(tls.email)) ??
    problem('acmeDirectory', tls.acmeDirectory === undefined || /^https?:\/\/\S+$/.test(tls.acmeDirectory) ? undefined : `'${printable(tls.acmeDirectory)}' is not an http(s) URL`) ??
    problem('acmeCa', tls.acmeCa === undefined ? undefined : absolutePathProblem(tls.acmeCa, 'CA file')) ??
    problem('httpPort', tls.httpPort === undefined ? undefined : portProblem(String(tls.httpPort)))
  );
}

export function tlsProblem(tls: TlsSettings): Problem | undefined {
  if (tls.type === 'letsencrypt') return letsencryptProblem(tls);
  if (tls.type !== 'manual') return undefined;
  for (const [field, path, what] of [
    ['certPath', tls.certPath, 'certificate (full chain)'],
    ['keyPath', tls.keyPath, 'private key'],
  ] as const) {
    if (!path) return { field: `tls.${field}`, message: `Give the file of the ${what}` };
    if (!path.startsWith('/')) return { field: `tls.${field}`, message: `${path} is not an absolute path` };
  }
  return undefined;
}

/** Every problem of a whole set of answers: what `init --answers` refuses, and what the review step re-checks. */
export function answersProblems(answers: WizardAnswers): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string | undefined): void => {
    if (message) problems.push({ field, message });
  };
  add('directory', directoryProblem(answers.directory));
  const kopano = mailSystem(answers) === 'kopano';
  if (!kopano) {
    add('image', imageProblem(answers.image));
    add('containerName', containerNameProblem(answers.containerName));
  }
  add('domains', domainsProblem(answers.domains));
  add('hostname', hostnameProblem(answers.hostname));
  add('ipv4', ipProblem(answers.ipv4 ?? '', 4));
  add('ipv6', ipProblem(answers.ipv6 ?? '', 6));
  if (kopano) {
    if (!answers.kopano) add('kopano', 'The Kopano stack needs its settings (kopano:)');
    else problems.push(...kopanoProblems(answers.kopano, imageProblem));
    const tls = kopanoTlsProblem(answers.tls);
    if (tls) problems.push(tls);
  } else if (answers.provisioner === 'file') {
    const first = answers.firstAccount;
    if (!first) add('firstAccount', 'File accounts need a first account (address and password)');
    else {
      add('firstAccount.address', firstAccountProblem(first.address, answers.domains));
      add('firstAccount.password', newPasswordProblem(first.password));
    }
  } else if (!answers.ldap) add('ldap', 'LDAP accounts need the ldap settings');
  else problems.push(...ldapProblems(answers.ldap));
  if (!kopano) {
    const features = featuresProblem(answers.features, answers.provisioner);
    if (features) problems.push(features);
    const tls = tlsProblem(answers.tls);
    if (tls) problems.push(tls);
  }
  if (answers.publish.address !== '' && isIP(answers.publish.address) === 0) {
    add('publish.address', `'${printable(answers.publish.address)}' is not an IP address to publish the ports on`);
  }
  for (const [port, host] of Object.entries(answers.publish.ports ?? {})) {
    add(`publish.ports.${port}`, portProblem(String(port)) ?? portProblem(String(host)));
  }
  for (const server of answers.dns ?? []) if (isIP(server) === 0) add('dns', `'${printable(server)}' is not a DNS server address`);
  return problems;
}

/** Secrets leave the answers before they are stored for a later run or shown. */
export function withoutSecrets(answers: WizardAnswers): WizardAnswers {
  const copy = structuredClone(answers);
  if (copy.firstAccount) copy.firstAccount.password = '';
  if (copy.ldap) copy.ldap.bindPassword = '';
  if (copy.features.relay?.password) copy.features.relay.password = '';
  if (copy.kopano?.ldap.bindPassword) copy.kopano.ldap.bindPassword = '';
  return copy;
}
