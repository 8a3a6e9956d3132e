import { parse, stringify } from 'yaml';
import {
  answersProblems,
  defaultAnswers,
  defaultFeatures,
  defaultLdapFilters,
  splitDomains,
  type Features,
  type LdapSettings,
  type Problem,
  type SpamFilter,
  type CertificateSource,
  type TlsChoice,
  type TlsSettings,
  type WizardAnswers,
  type MailSystem,
  MAIL_SYSTEMS,
} from './wizard-answers.js';
import { defaultKopano, type KopanoDirectory, type KopanoSettings, type KopanoUsers } from './wizard-answers-kopano.js';

/**
 * The answers file of `mailwiz init --answers FILE`: the same answers as the wizard's, in YAML, with the wizard's
 * defaults for what is left out and the same checks. Unknown keys are refused (a typo must not be ignored).
 */

type Raw = Record<string, unknown>;

class Reader {
  readonly problems: Problem[] = [];

  constructor(private readonly root: Raw) {}

  section(path: string): Raw | undefined {
    const value = this.at(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problems.push({ field: path, message: 'must be a mapping of keys to values' });
      return undefined;
    }
    return value as Raw;
  }

  at(path: string): unknown {
    return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Raw)[key] : undefined), this.root);
  }

  string(path: string, fallback: string): string {
    const value = this.at(path);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number') return String(value);
    this.problems.push({ field: path, message: 'must be text' });
    return fallback;
  }

  optionalString(path: string): string | undefined {
    const value = this.string(path, '');
    return value === '' ? undefined : value;
  }

  bool(path: string, fallback: boolean): boolean {
    const value = this.at(path);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    this.problems.push({ field: path, message: 'must be true or false' });
    return fallback;
  }

  oneOf<T extends string>(path: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(path, fallback);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push({ field: path, message: `must be one of ${allowed.join(', ')} (not '${value}')` });
    return fallback;
  }

  list(path: string): string[] {
    const value = this.at(path);
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return splitDomains(value);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => v.trim());
    this.problems.push({ field: path, message: 'must be a list' });
    return [];
  }

  known(path: string, keys: readonly string[]): void {
    const node = path === '' ? this.root : this.section(path);
    for (const key of Object.keys(node ?? {})) {
      if (!keys.includes(key)) this.problems.push({ field: path ? `${path}.${key}` : key, message: `unknown key (known: ${keys.join(', ')})` });
    }
  }
}

const TOP_KEYS = ['directory', 'image', 'containerName', 'domains', 'hostname', 'ipv4', 'ipv6', 'accounts', 'ldap', 'features', 'tls', 'publish', 'dns', 'system', 'kopano'];

function readKopano(r: Reader, domain: string | undefined): KopanoSettings {
  const d = defaultKopano(domain);
  r.known('kopano', ['users', 'directory', 'ldap', 'mysql', 'images']);
  r.known('kopano.ldap', ['uri', 'searchBase', 'userBase', 'userClass', 'groupClass', 'bindDn', 'bindPassword']);
  r.known('kopano.mysql', ['database', 'user']);
  r.known('kopano.images', ['app', 'mta', 'db', 'auth']);
  const kopano: KopanoSettings = {
    users: r.oneOf<KopanoUsers>('kopano.users', ['ldap', 'db'], d.users),
    directory: r.oneOf<KopanoDirectory>('kopano.directory', ['bundled', 'external'], d.directory),
    ldap: {
      searchBase: r.string('kopano.ldap.searchBase', d.ldap.searchBase),
      userClass: r.string('kopano.ldap.userClass', d.ldap.userClass),
      groupClass: r.string('kopano.ldap.groupClass', d.ldap.groupClass),
    },
    mysql: { database: r.string('kopano.mysql.database', d.mysql.database), user: r.string('kopano.mysql.user', d.mysql.user) },
    images: {
      app: r.string('kopano.images.app', d.images.app),
      mta: r.string('kopano.images.mta', d.images.mta),
      db: r.string('kopano.images.db', d.images.db),
      auth: r.string('kopano.images.auth', d.images.auth),
    },
  };
  for (const key of ['uri', 'userBase', 'bindDn', 'bindPassword'] as const) {
    const value = r.optionalString(`kopano.ldap.${key}`);
    if (value !== undefined) kopano.ldap[key] = value;
  }
  return kopano;
}

function readLdap(r: Reader): LdapSettings | undefined {
  if (!r.section('ldap')) return undefined;
  r.known('ldap', ['uri', 'startTls', 'bindDn', 'bindPassword', 'searchBase', 'filters']);
  r.known('ldap.filters', ['user', 'domain', 'alias', 'group', 'senders']);
  const defaults = defaultLdapFilters();
  return {
    uri: r.string('ldap.uri', ''),
    startTls: r.bool('ldap.startTls', false),
    bindDn: r.string('ldap.bindDn', ''),
    bindPassword: r.string('ldap.bindPassword', ''),
    searchBase: r.string('ldap.searchBase', ''),
    filters: {
      user: r.string('ldap.filters.user', defaults.user),
      domain: r.string('ldap.filters.domain', defaults.domain),
      alias: r.string('ldap.filters.alias', defaults.alias),
      group: r.string('ldap.filters.group', defaults.group),
      senders: r.string('ldap.filters.senders', defaults.senders),
    },
  };
}

function readFeatures(r: Reader): Features {
  const d = defaultFeatures();
  r.known('features', ['spam', 'clamav', 'fail2ban', 'postgrey', 'pop3', 'managesieve', 'quotas', 'relay']);
  const features: Features = {
    spam: r.oneOf<SpamFilter>('features.spam', ['rspamd', 'amavis', 'off'], d.spam),
    clamav: r.bool('features.clamav', d.clamav),
    fail2ban: r.bool('features.fail2ban', d.fail2ban),
    postgrey: r.bool('features.postgrey', d.postgrey),
    pop3: r.bool('features.pop3', d.pop3),
    managesieve: r.bool('features.managesieve', d.managesieve),
    quotas: r.bool('features.quotas', d.quotas),
  };
  if (r.section('features.relay')) {
    r.known('features.relay', ['host', 'port', 'user', 'password']);
    features.relay = {
      host: r.string('features.relay.host', ''),
      port: Number(r.string('features.relay.port', '587')),
      user: r.optionalString('features.relay.user'),
      password: r.optionalString('features.relay.password'),
    };
  }
  return features;
}

function readTls(r: Reader, fallback: TlsChoice, source: CertificateSource = 'mailwiz'): TlsSettings {
  const type = r.oneOf<TlsChoice>('tls.type', ['letsencrypt', 'manual', 'self-signed', 'none'], fallback);
  if (type !== 'letsencrypt') return { type, certPath: r.optionalString('tls.certPath'), keyPath: r.optionalString('tls.keyPath') };
  const tls: TlsSettings = { type, source: r.oneOf<CertificateSource>('tls.source', ['mailwiz', 'existing', 'traefik'], source) };
  for (const key of ['letsencryptDir', 'email', 'acmeDirectory', 'acmeCa', 'acmeJson'] as const) {
    const value = r.optionalString(`tls.${key}`);
    if (value !== undefined) tls[key] = value;
  }
  const port = r.optionalString('tls.httpPort');
  if (port !== undefined) tls.httpPort = Number(port);
  return tls;
}

function readPublish(r: Reader): WizardAnswers['publish'] {
  r.known('publish', ['address', 'ports']);
  const publish: WizardAnswers['publish'] = { address: r.string('publish.address', '') };
  const ports = r.section('publish.ports');
  if (ports) publish.ports = Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, Number(v)]));
  return publish;
}

/**
 * Answers from the parsed YAML, with the problems of the file itself (unknown keys, wrong types) but not yet the
 * checks of the answers: what the interactive wizard takes as a starting point.
 */
export function readAnswers(raw: unknown, cwd: string): { answers: WizardAnswers; problems: Problem[] } {
  const r = new Reader(raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Raw) : {});
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) r.problems.push({ field: '(file)', message: 'must be a YAML mapping' });
  r.known('', TOP_KEYS);
  r.known('accounts', ['provisioner', 'first', 'password', 'postmasterAlias']);
  r.known('tls', ['type', 'certPath', 'keyPath', 'source', 'letsencryptDir', 'email', 'acmeDirectory', 'acmeCa', 'httpPort', 'acmeJson']);
  const d = defaultAnswers(cwd);
  const system = r.oneOf<MailSystem>('system', MAIL_SYSTEMS, 'dms');
  const kopano = system === 'kopano';
  const provisioner = r.oneOf('accounts.provisioner', ['file', 'ldap'] as const, 'file');
  const answers: WizardAnswers = {
    directory: r.string('directory', d.directory),
    image: r.string('image', d.image),
    containerName: r.string('containerName', d.containerName),
    domains: r.list('domains').map((x) => x.toLowerCase()),
    hostname: r.string('hostname', '').toLowerCase(),
    ipv4: r.optionalString('ipv4'),
    ipv6: r.optionalString('ipv6'),
    provisioner,
    features: readFeatures(r),
    // Kopano: the images make their own certificates unless told otherwise; Let's Encrypt comes from Traefik.
    tls: kopano ? readTls(r, 'self-signed', 'traefik') : readTls(r, d.tls.type),
    publish: readPublish(r),
  };
  const dns = r.list('dns');
  if (dns.length) answers.dns = dns;
  if (kopano) {
    answers.system = 'kopano';
    answers.kopano = readKopano(r, answers.domains[0]);
    for (const key of ['accounts', 'ldap', 'features', 'image', 'containerName']) {
      if (r.at(key) !== undefined) r.problems.push({ field: key, message: 'is for docker-mailserver (system: dms), not for the Kopano stack' });
    }
  } else if (r.at('kopano') !== undefined) r.problems.push({ field: 'kopano', message: 'is for the Kopano stack (system: kopano)' });
  if (kopano) answers.provisioner = 'file';
  else if (provisioner === 'file') {
    answers.firstAccount = {
      address: r.string('accounts.first', '').toLowerCase(),
      password: r.string('accounts.password', ''),
      postmasterAlias: r.bool('accounts.postmasterAlias', true),
    };
  } else answers.ldap = readLdap(r);
  return { answers, problems: r.problems };
}

/** Answers from the parsed YAML, with every problem found (empty when the answers can be used as they are). */
export function answersFromObject(raw: unknown, cwd: string): { answers: WizardAnswers; problems: Problem[] } {
  const { answers, problems } = readAnswers(raw, cwd);
  return { answers, problems: [...problems, ...answersProblems(answers)] };
}

/** `complete`: the answers must be usable as they are (init); otherwise only the file's own shape is checked (a seed). */
export function parseAnswersFile(text: string, cwd: string, complete = true): { answers: WizardAnswers; problems: Problem[] } {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const d = defaultAnswers(cwd);
    return { answers: d, problems: [{ field: '(file)', message: `is not valid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  return complete ? answersFromObject(raw ?? {}, cwd) : readAnswers(raw ?? {}, cwd);
}

/** The answers in the file's own shape: what `--dry-run` shows and what a user can save and edit. */
export function answersToObject(answers: WizardAnswers): Raw {
  if (answers.system === 'kopano') {
    const out: Raw = { system: 'kopano', directory: answers.directory, domains: answers.domains, hostname: answers.hostname };
    if (answers.ipv4) out.ipv4 = answers.ipv4;
    if (answers.ipv6) out.ipv6 = answers.ipv6;
    out.kopano = answers.kopano;
    out.tls = answers.tls;
    out.publish = answers.publish;
    if (answers.dns) out.dns = answers.dns;
    return JSON.parse(JSON.stringify(out)) as Raw;
  }
  const out: Raw = {
    directory: answers.directory,
    image: answers.image,
    containerName: answers.containerName,
    domains: answers.domains,
    hostname: answers.hostname,
  };
  if (answers.ipv4) out.ipv4 = answers.ipv4;
  if (answers.ipv6) out.ipv6 = answers.ipv6;
  out.accounts =
    answers.provisioner === 'file' && answers.firstAccount
      ? { provisioner: 'file', first: answers.firstAccount.address, password: answers.firstAccount.password, postmasterAlias: answers.firstAccount.postmasterAlias }
      : { provisioner: 'ldap' };
  if (answers.ldap) out.ldap = answers.ldap;
  out.features = answers.features;
  out.tls = answers.tls;
  out.publish = answers.publish;
  if (answers.dns) out.dns = answers.dns;
  return JSON.parse(JSON.stringify(out)) as Raw;
}

export function answersToYaml(answers: WizardAnswers): string {
  return stringify(answersToObject(answers));
}
