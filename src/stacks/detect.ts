/**
 * Which containers form which mail system: pure code over what the engine says about each container. A stack is one
 * mail system (DMS alone; Kopano's app, mta, db and auth; docker-dovecot's Exims, Dovecot, Rspamd …); each member
 * plays a role. The user can override everything with labels: `mailwiz.stack=NAME` groups containers into a stack,
 * `mailwiz.role=ROLE` gives one its role.
 */

export const STACK_KINDS = ['dms', 'kopano', 'docker-dovecot'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

export const ROLES = ['mail-server', 'mta', 'imap', 'groupware', 'directory', 'database', 'filter', 'antivirus', 'cache', 'dns'] as const;
export type Role = (typeof ROLES)[number];

/** What detection reads about one container: the list entry, plus env from an inspect when there was one. */
export interface ContainerFacts {
  name: string;
  image: string;
  state: string;
  labels: Record<string, string>;
  /** Ports the container exposes or publishes (inside the container). */
  ports: number[];
  /** Absent when the container was not inspected. */
  env?: Record<string, string>;
}

export interface DetectedMember {
  container: string;
  role: Role;
  /** Why: `label`, `image`, `env`, `name`, `port`. */
  reason: 'label' | 'image' | 'env' | 'name' | 'port';
}

export interface DetectedStack {
  name: string;
  kind: StackKind;
  /** How the members were grouped: a label, a compose project, or one container on its own. */
  grouping: 'label' | 'compose' | 'container' | 'references';
  members: DetectedMember[];
}

export const STACK_LABEL = 'mailwiz.stack';
export const ROLE_LABEL = 'mailwiz.role';
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

interface Classified {
  facts: ContainerFacts;
  role: Role;
  /** The kind this member alone proves, if any (a database proves nothing). */
  kind?: StackKind;
  reason: DetectedMember['reason'];
}

const image = (pattern: string): RegExp => new RegExp(`(^|/)(${pattern})(:|@|$)`);
const DMS_IMAGE = image('docker-mailserver|mailserver|mailwiz-testbed');
const KOPANO_IMAGE = image('kopano');
const POSTFIX_AMAVIS_IMAGE = image('postfix-amavis');
const DATABASE_IMAGE = image('mariadb|mysql');
const DIRECTORY_IMAGE = image('openldap|slapd');
/** DMS's variables that only DMS reads; any one of them set marks a retagged DMS image. */
const DMS_ENV = ['ACCOUNT_PROVISIONER', 'ENABLE_AMAVIS', 'ENABLE_FAIL2BAN', 'PERMIT_DOCKER', 'OVERRIDE_HOSTNAME', 'SSL_TYPE', 'POSTMASTER_ADDRESS'];
const KOPANO_LMTP = /^lmtp:[^:\s]+:2003$/;
/** Services of docker-dovecot and its kind by name; Exim's first, Dovecot's last (every image there says "dovecot"). */
const BY_NAME: [RegExp, Role, StackKind?][] = [
  [/exim/, 'mta', 'docker-dovecot'],
  [/rspam/, 'filter'],
  [/clam/, 'antivirus'],
  [/redis|valkey/, 'cache'],
  [/dnsmasq/, 'dns'],
  [/dovecot|^imap$|[-_]imap$/, 'imap'],
];

/** The kind a role given by label proves when nothing else about the container does. */
const LABELLED_KIND: Partial<Record<Role, StackKind>> = { 'mail-server': 'dms', groupware: 'kopano' };

/** The role and kind one container shows on its own, or undefined when it plays no part in a mail system. */
export function classify(facts: ContainerFacts): Classified | undefined {
  const env = facts.env ?? {};
  const labelled = facts.labels[ROLE_LABEL];
  if (labelled !== undefined && (ROLES as readonly string[]).includes(labelled)) {
    const role = labelled as Role;
    const shown = classify({ ...facts, labels: { ...facts.labels, [ROLE_LABEL]: '' } });
    return { facts, role, kind: shown?.kind ?? LABELLED_KIND[role], reason: 'label' };
  }
  const img = facts.image;
  if (DMS_IMAGE.test(img) || facts.labels['org.opencontainers.image.title'] === 'docker-mailserver') {
    return { facts, role: 'mail-server', kind: 'dms', reason: 'image' };
  }
  if (DMS_ENV.some((key) => key in env)) return { facts, role: 'mail-server', kind: 'dms', reason: 'env' };
  if (KOPANO_IMAGE.test(img)) return { facts, role: 'groupware', kind: 'kopano', reason: 'image' };
  if ('USER_PLUGIN' in env && ('MYSQL_HOST' in env || 'LMTP_LISTEN' in env || 'SMTP_SERVER' in env)) {
    return { facts, role: 'groupware', kind: 'kopano', reason: 'env' };
  }
  if (POSTFIX_AMAVIS_IMAGE.test(img)) return { facts, role: 'mta', kind: 'kopano', reason: 'image' };
  if (KOPANO_LMTP.test(env.VIRTUAL_TRANSPORT ?? '')) return { facts, role: 'mta', kind: 'kopano', reason: 'env' };
  if (DATABASE_IMAGE.test(img)) return { facts, role: 'database', reason: 'image' };
  if ('MYSQL_ROOT_PASSWORD' in env || 'MARIADB_ROOT_PASSWORD' in env) return { facts, role: 'database', reason: 'env' };
  if (DIRECTORY_IMAGE.test(img)) return { facts, role: 'directory', reason: 'image' };
  // docker-dovecot builds its images per service (`<project>-exim-external`, `<project>-imap` …): the compose service
  // name says most, then the image's own name.
  const service = (facts.labels[COMPOSE_SERVICE_LABEL] ?? facts.name).toLowerCase();
  const imageName = (img.split('/').at(-1) ?? '').replace(/[:@].*$/, '').toLowerCase();
  for (const [source, text] of [['name', service], ['image', imageName]] as const) {
    const found = BY_NAME.find(([pattern]) => pattern.test(text));
    if (found) return { facts, role: found[1], kind: found[2], reason: source };
  }
  // As before stacks: a lone container with SMTP is taken for a mail server.
  if (facts.ports.includes(25)) return { facts, role: 'mail-server', kind: 'dms', reason: 'port' };
  return undefined;
}

/** What a list entry alone shows: whether the container can be part of a mail system, so that it is worth inspecting. */
export function worthInspecting(facts: Omit<ContainerFacts, 'env'>): boolean {
  if (Object.keys(facts.labels).some((l) => l.startsWith('mailwiz.'))) return true;
  if (classify(facts) !== undefined) return true;
  return facts.ports.some((p) => [25, 143, 389, 465, 587, 636, 993, 2003, 3306, 1025, 1143].includes(p));
}

const ROLE_ORDER: Role[] = ['mail-server', 'mta', 'groupware', 'imap', 'filter', 'antivirus', 'cache', 'directory', 'database', 'dns'];
const byRole = (a: DetectedMember, b: DetectedMember): number =>
  ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.container.localeCompare(b.container);

/** The roles that make a group of containers this kind of stack. */
function kindOf(members: Classified[]): StackKind | undefined {
  const kinds = new Set(members.map((m) => m.kind).filter((k): k is StackKind => k !== undefined));
  if (kinds.has('kopano')) return 'kopano';
  const roles = new Set(members.map((m) => m.role));
  if (kinds.has('docker-dovecot') && roles.has('imap')) return 'docker-dovecot';
  if (kinds.has('dms')) return 'dms';
  return undefined;
}

const toMember = (c: Classified): DetectedMember => ({ container: c.facts.name, role: c.role, reason: c.reason });

/** Host names a Kopano member names in its settings: how containers outside compose find each other. */
function referencedHosts(env: Record<string, string>): string[] {
  const hosts = [env.MYSQL_HOST, env.SMTP_SERVER, env.LDAP_HOST, /^ldaps?:\/\/([^:/]+)/.exec(env.LDAP_URI ?? '')?.[1], /^lmtp:([^:]+):/.exec(env.VIRTUAL_TRANSPORT ?? '')?.[1]];
  return hosts.filter((h): h is string => Boolean(h));
}

/** Every mail system among the containers. */
export function detectStacks(containers: readonly ContainerFacts[]): DetectedStack[] {
  const classified = containers.map(classify).filter((c): c is Classified => c !== undefined);
  const stacks: DetectedStack[] = [];
  const groups = new Map<string, { grouping: DetectedStack['grouping']; name: string; members: Classified[] }>();
  const loose: Classified[] = [];
  for (const c of classified) {
    const label = c.facts.labels[STACK_LABEL];
    const project = c.facts.labels[COMPOSE_PROJECT_LABEL];
    const key = label !== undefined ? `label:${label}` : project !== undefined ? `compose:${project}` : undefined;
    if (key === undefined) {
      loose.push(c);
      continue;
    }
    const group = groups.get(key) ?? { grouping: label !== undefined ? 'label' : 'compose', name: label ?? project ?? '', members: [] };
    group.members.push(c);
    groups.set(key, group);
  }

  for (const group of groups.values()) {
    const kind = kindOf(group.members);
    if (kind === 'dms' && group.grouping === 'compose') {
      // Each DMS container is a mail system of its own, named like the container (`-c NAME` keeps working).
      for (const c of group.members.filter((m) => m.kind === 'dms')) stacks.push(single(c));
    } else if (kind !== undefined) {
      stacks.push({ name: group.name, kind, grouping: group.grouping, members: group.members.map(toMember).sort(byRole) });
    }
  }

  // Outside compose and labels: a DMS container stands alone; Kopano's members find each other by the names in their settings.
  const used = new Set<string>();
  for (const c of loose.filter((l) => l.kind === 'dms')) stacks.push(single(c));
  for (const groupware of loose.filter((l) => l.role === 'groupware')) {
    const members = [groupware];
    const wanted = new Set(referencedHosts(groupware.facts.env ?? {}));
    for (const other of loose) {
      if (other === groupware || other.kind === 'dms' || used.has(other.facts.name)) continue;
      const pointsHere = referencedHosts(other.facts.env ?? {}).includes(groupware.facts.name);
      if (wanted.has(other.facts.name) || pointsHere) members.push(other);
    }
    members.forEach((m) => used.add(m.facts.name));
    stacks.push({ name: groupware.facts.name, kind: 'kopano', grouping: 'references', members: members.map(toMember).sort(byRole) });
  }
  return stacks.sort((a, b) => a.name.localeCompare(b.name));
}

function single(c: Classified): DetectedStack {
  return { name: c.facts.name, kind: 'dms', grouping: 'container', members: [toMember(c)] };
}
