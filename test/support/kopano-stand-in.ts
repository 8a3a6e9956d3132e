import Docker from 'dockerode';
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { DockerTarget } from '../../src/target/index.js';
import { ensureStandInImage } from '../env/stand-in-images.js';
import { TEST_LABEL, testRunId } from './cleanup.js';
import { eventually } from './eventually.js';
import { ensurePackages } from './wizard-apt.js';

/**
 * The Kopano stack of mlan's compose example, as far as it can run here: `mta` is the postfix-amavis stand-in (a
 * real Postfix and Amavis), `app` a delivery sink on LMTP 2003 standing where kopano-dagent would. Both carry compose
 * labels of one project and the real images' names; SMTP is published on 127.0.0.1 only.
 */
export interface KopanoStandIn {
  project: string;
  mta: string;
  app: string;
  smtpPort: number;
  docker: Docker;
  /** Files the sink stored, one per delivered message. */
  delivered(): Promise<string[]>;
  remove(): Promise<void>;
}

export const MTA_IMAGE = 'mlan/postfix-amavis:mailwiz-stand-in';
export const APP_IMAGE = 'mlan/kopano:mailwiz-delivery-sink';

export async function startKopanoStandIn(options: { syslogLevel?: number; mailDomain?: string } = {}): Promise<KopanoStandIn> {
  const docker = new Docker();
  await ensureStandInImage('postfix-amavis', MTA_IMAGE);
  await ensureStandInImage('lmtp-sink', APP_IMAGE);
  const project = `kopano-${testRunId()}-${Math.random().toString(36).slice(2, 7)}`;
  const network = await docker.createNetwork({ Name: `${project}_backend`, Labels: { [TEST_LABEL]: testRunId() } });
  const labels = (service: string): Record<string, string> => ({
    [TEST_LABEL]: testRunId(),
    'com.docker.compose.project': project,
    'com.docker.compose.service': service,
  });
  const endpoint = (alias: string) => ({ EndpointsConfig: { [`${project}_backend`]: { Aliases: [alias] } } });
  const domain = options.mailDomain ?? 'example.test';
  const app = await docker.createContainer({
    name: `${project}-app-1`,
    Image: APP_IMAGE,
    Labels: labels('app'),
    Env: ['USER_PLUGIN=db', 'MYSQL_HOST=db', 'SMTP_SERVER=mta', 'LMTP_LISTEN=*:2003'],
    HostConfig: { NetworkMode: `${project}_backend` },
    NetworkingConfig: endpoint('app'),
  });
  const mta = await docker.createContainer({
    name: `${project}-mta-1`,
    Image: MTA_IMAGE,
    Hostname: 'mx',
    Domainname: domain,
    Labels: labels('mta'),
    Env: [`MAIL_DOMAIN=${domain}`, 'VIRTUAL_TRANSPORT=lmtp:app:2003', `SYSLOG_LEVEL=${options.syslogLevel ?? 5}`],
    ExposedPorts: { '25/tcp': {} },
    HostConfig: { NetworkMode: `${project}_backend`, PortBindings: { '25/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, Dns: ['127.0.0.1'] },
    NetworkingConfig: endpoint('mta'),
  });
  await app.start();
  await mta.start();
  const smtpPort = Number((await mta.inspect()).NetworkSettings.Ports['25/tcp']?.[0]?.HostPort);
  const mtaTarget = new DockerTarget(docker, `${project}-mta-1`);
  const appTarget = new DockerTarget(docker, `${project}-app-1`);
  if (!(await mtaReady(mtaTarget))) throw new Error(`the ${project} mta stand-in did not start its three services in time`);
  return {
    project,
    mta: `${project}-mta-1`,
    app: `${project}-app-1`,
    smtpPort,
    docker,
    delivered: () => sinkFiles(appTarget),
    async remove() {
      await Promise.all([mta.remove({ force: true }).catch(() => undefined), app.remove({ force: true }).catch(() => undefined)]);
      await network.remove().catch(() => undefined);
    },
  };
}

/** runit runs syslogd, postfix and amavis; Postfix listens on 25 and 10025, Amavis on 10024: the whole path is open. */
async function mtaReady(mta: DockerTarget, timeoutMs = 90_000): Promise<boolean> {
  return eventually(async () => {
    const status = await mta.exec(['sh', '-c', 'sv status /etc/service/*']);
    const listening = await mta.exec(['sh', '-c', 'ss -ltn > /tmp/ports; grep -q ":25 " /tmp/ports && grep -q ":10024 " /tmp/ports && grep -q ":10025 " /tmp/ports']);
    return (status.stdout.match(/^run:/gm) ?? []).length === 3 && listening.exitCode === 0;
  }, timeoutMs, 500);
}

/** Sink files of the delivery sink, one per delivered message. */
async function sinkFiles(app: DockerTarget): Promise<string[]> {
  const listing = await app.exec(['ls', '/var/lib/delivery-sink']);
  return listing.stdout.split('\n').filter((f) => f.endsWith('.eml'));
}

export const DB_IMAGE = 'mariadb:mailwiz-stand-in';
export const AUTH_IMAGE = 'mlan/openldap:mailwiz-stand-in';

/** A user in the stack's directory: an inetOrgPerson, a Kopano user unless `kopano: false`. */
export interface DirectoryUser {
  uid: string;
  /** cn; the uid when absent. */
  fullname?: string;
  mail: string;
  password?: string;
  kopano?: boolean;
  admin?: boolean;
  aliases?: string[];
  quotaMb?: { warn: number; soft: number; hard: number };
  enabledFeatures?: string[];
  disabledFeatures?: string[];
  sharedStoreOnly?: boolean;
  hidden?: boolean;
}

/** The test credentials of the compose stack (test-only values, given to the containers in their environment). */
export const KOPANO_COMPOSE_SECRETS = {
  mysqlRootPassword: 'root-test-password',
  mysqlDatabase: 'kopano',
  mysqlUser: 'kopano',
  mysqlPassword: 'kopano-test-password',
  ldapRootCn: 'admin',
  ldapRootPassword: 'ldap-test-password',
} as const;

export const DEFAULT_DIRECTORY: DirectoryUser[] = [
  { uid: 'jane', mail: 'jane@example.test', password: 'jane-password', admin: true, aliases: ['info@example.test'], enabledFeatures: ['imap', 'pop3'], quotaMb: { warn: 900, soft: 950, hard: 1000 } },
  { uid: 'john', fullname: 'Jöhn Smith', mail: 'john@example.test', password: 'john-password', disabledFeatures: ['pop3'] },
  { uid: 'shared', mail: 'shared@example.test', sharedStoreOnly: true, hidden: true },
  // In the directory but not a Kopano user: Postfix's filter (objectclass=kopano-user) must not find him.
  { uid: 'outsider', mail: 'outsider@example.test', password: 'outsider-password', kopano: false },
];

/** The directory as LDIF for the auth stand-in's first start (/ldif/1): base entry, ou=users, ou=groups, the users. */
export function directoryLdif(base: string, users: DirectoryUser[], domain: string): string {
  const dc = /^dc=([^,]+)/.exec(base)?.[1] ?? 'example';
  const entries = [
    [`dn: ${base}`, 'objectClass: organization', 'objectClass: dcObject', `dc: ${dc}`, `o: ${domain}`],
    [`dn: ou=users,${base}`, 'objectClass: organizationalUnit', 'ou: users'],
    [`dn: ou=groups,${base}`, 'objectClass: organizationalUnit', 'ou: groups'],
    ...users.map((u) => {
      const kopano = u.kopano !== false;
      const lines = [`dn: uid=${u.uid},ou=users,${base}`, 'objectClass: inetOrgPerson'];
      if (kopano) lines.push('objectClass: kopano-user');
      lines.push(`cn: ${u.fullname ?? u.uid}`, `sn: ${u.uid}`, `uid: ${u.uid}`, `mail: ${u.mail}`);
      if (u.password) lines.push(`userPassword: ${u.password}`);
      if (kopano) {
        lines.push('kopanoAccount: 1');
        if (u.admin) lines.push('kopanoAdmin: 1');
        for (const alias of u.aliases ?? []) lines.push(`kopanoAliases: ${alias}`);
        if (u.quotaMb) lines.push('kopanoQuotaOverride: 1', `kopanoQuotaWarn: ${u.quotaMb.warn}`, `kopanoQuotaSoft: ${u.quotaMb.soft}`, `kopanoQuotaHard: ${u.quotaMb.hard}`);
        for (const f of u.enabledFeatures ?? []) lines.push(`kopanoEnabledFeatures: ${f}`);
        for (const f of u.disabledFeatures ?? []) lines.push(`kopanoDisabledFeatures: ${f}`);
        if (u.sharedStoreOnly) lines.push('kopanoSharedStoreOnly: 1');
        if (u.hidden) lines.push('kopanoHidden: 1');
      }
      return lines;
    }),
  ];
  return entries.map((e) => e.join('\n')).join('\n\n') + '\n';
}

/**
 * mlan's 4-service compose example (app, mta, db, auth) as a compose project of stand-ins, started with Debian's
 * docker-compose from a file the test writes. `db` is a real MariaDB, `auth` a real OpenLDAP with a Kopano test
 * schema and the users given, `mta` a real Postfix that asks `auth` for each recipient, `app` the delivery sink.
 */
export interface KopanoCompose {
  project: string;
  /** The folder holding docker-compose.yml and ldif/. */
  directory: string;
  domain: string;
  ldapBase: string;
  /** Container names by service, as docker-compose named them. */
  containers: Record<'app' | 'mta' | 'db' | 'auth', string>;
  smtpPort: number;
  docker: Docker;
  target(service: 'app' | 'mta' | 'db' | 'auth'): DockerTarget;
  /** docker-compose with this project's file and name. */
  compose(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  delivered(): Promise<string[]>;
  remove(): Promise<void>;
}

const SERVICES = ['app', 'mta', 'db', 'auth'] as const;

export function kopanoComposeFile(options: { domain: string; ldapBase: string; syslogLevel: number }): string {
  const s = KOPANO_COMPOSE_SECRETS;
  const { domain, ldapBase } = options;
  // No DNS leaves the machine (dns: 127.0.0.1 answers nothing); short resolver timeouts keep Postfix's look-up of a
  // client's name from holding each SMTP connection for 10 s. Service names still resolve through the engine's DNS.
  const common = { networks: ['backend'], dns: ['127.0.0.1'], dns_opt: ['timeout:1', 'attempts:1'], labels: { [TEST_LABEL]: testRunId() } };
  const file = {
    version: '2.4',
    services: {
      app: {
        image: APP_IMAGE,
        ...common,
        depends_on: ['auth', 'db', 'mta'],
        environment: [
          'USER_PLUGIN=ldap',
          'LDAP_URI=ldap://auth:389/',
          'MYSQL_HOST=db',
          'SMTP_SERVER=mta',
          `LDAP_SEARCH_BASE=${ldapBase}`,
          'LDAP_USER_TYPE_ATTRIBUTE_VALUE=kopano-user',
          'LDAP_GROUP_TYPE_ATTRIBUTE_VALUE=kopano-group',
          'LDAP_USER_SEARCH_FILTER=(kopanoAccount=1)',
          `LDAP_BIND_USER=cn=${s.ldapRootCn},${ldapBase}`,
          `LDAP_BIND_PASSWD=${s.ldapRootPassword}`,
          // The directory holds quotas in MB.
          'LDAP_QUOTA_MULTIPLIER=1048576',
          `MYSQL_DATABASE=${s.mysqlDatabase}`,
          `MYSQL_USER=${s.mysqlUser}`,
          `MYSQL_PASSWORD=${s.mysqlPassword}`,
          'LMTP_LISTEN=*:2003',
        ],
      },
      mta: {
        image: MTA_IMAGE,
        ...common,
        hostname: `mx.${domain}`,
        ports: ['127.0.0.1::25'],
        depends_on: ['auth'],
        environment: [
          `MAIL_DOMAIN=${domain}`,
          'LDAP_HOST=auth',
          'VIRTUAL_TRANSPORT=lmtp:app:2003',
          `LDAP_USER_BASE=ou=users,${ldapBase}`,
          'LDAP_QUERY_FILTER_USER=(&(objectclass=kopano-user)(mail=%s))',
          `SYSLOG_LEVEL=${options.syslogLevel}`,
        ],
      },
      db: {
        image: DB_IMAGE,
        ...common,
        command: ['--log_warnings=1'],
        environment: [
          'LANG=C.UTF-8',
          `MYSQL_ROOT_PASSWORD=${s.mysqlRootPassword}`,
          `MYSQL_DATABASE=${s.mysqlDatabase}`,
          `MYSQL_USER=${s.mysqlUser}`,
          `MYSQL_PASSWORD=${s.mysqlPassword}`,
        ],
      },
      auth: {
        image: AUTH_IMAGE,
        ...common,
        environment: [`LDAPBASE=${ldapBase}`, `LDAPROOT_CN=${s.ldapRootCn}`, `LDAPROOT_PW=${s.ldapRootPassword}`, 'LDAPDEBUG=stats'],
        volumes: ['./ldif:/ldif:ro'],
      },
    },
    networks: { backend: { labels: { [TEST_LABEL]: testRunId() } } },
  };
  return `# The Kopano stack of mlan's compose example, on the mailwiz stand-ins (written by the tests).\n${stringify(file)}`;
}

/** Builds the four stand-in images (once per run; cached by build.sh) and starts the project; waits until each answers. */
export async function startKopanoCompose(options: { users?: DirectoryUser[]; mailDomain?: string; syslogLevel?: number } = {}): Promise<KopanoCompose> {
  await ensurePackages({ '/usr/bin/docker-compose': 'docker-compose' });
  const docker = new Docker();
  for (const [name, image] of [['postfix-amavis', MTA_IMAGE], ['lmtp-sink', APP_IMAGE], ['mariadb', DB_IMAGE], ['openldap', AUTH_IMAGE]] as const) {
    await ensureStandInImage(name, image);
  }
  const domain = options.mailDomain ?? 'example.test';
  const ldapBase = domain.split('.').map((part) => `dc=${part}`).join(',');
  const project = `kopano-${testRunId()}-${Math.random().toString(36).slice(2, 7)}`;
  const directory = await mkdtemp(join(tmpdir(), 'mailwiz-kopano-compose-'));
  await mkdir(join(directory, 'ldif', '1'), { recursive: true });
  await writeFile(join(directory, 'ldif', '1', '10-directory.ldif'), directoryLdif(ldapBase, options.users ?? DEFAULT_DIRECTORY, domain));
  await writeFile(join(directory, 'docker-compose.yml'), kopanoComposeFile({ domain, ldapBase, syslogLevel: options.syslogLevel ?? 7 }));

  const compose = async (args: string[]) => {
    const result = await execa('docker-compose', ['--no-ansi', '-p', project, '-f', join(directory, 'docker-compose.yml'), ...args], {
      cwd: directory,
      reject: false,
      env: { COMPOSE_INTERACTIVE_NO_CLI: '1' },
    });
    return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? 1 };
  };
  const remove = async (): Promise<void> => {
    await compose(['down', '-v', '--remove-orphans', '-t', '0']);
    await rm(directory, { recursive: true, force: true });
  };

  try {
    const up = await compose(['up', '-d', '--no-build']);
    if (up.exitCode !== 0) throw new Error(`docker-compose up failed: ${up.stderr}`);
    const found = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
    const containers = Object.fromEntries(
      SERVICES.map((service) => {
        const c = found.find((f) => f.Labels['com.docker.compose.service'] === service);
        if (!c) throw new Error(`docker-compose did not create the ${service} service of ${project}`);
        return [service, (c.Names[0] ?? '').replace(/^\//, '')];
      }),
    ) as KopanoCompose['containers'];
    const targets = Object.fromEntries(SERVICES.map((s) => [s, new DockerTarget(docker, containers[s])])) as Record<(typeof SERVICES)[number], DockerTarget>;
    const mtaInfo = await docker.getContainer(containers.mta).inspect();
    const smtpPort = Number(mtaInfo.NetworkSettings.Ports['25/tcp']?.[0]?.HostPort);

    // Each service answers: MariaDB to its user over TCP, slapd on 389 with the base entry, the sink's LMTP port, the MTA.
    const waits: [string, Promise<boolean>][] = [
      ['db', eventually(async () => (await targets.db.exec(['sh', '-c', 'MYSQL_PWD="$MYSQL_PASSWORD" mariadb-admin -h 127.0.0.1 -u "$MYSQL_USER" ping'])).exitCode === 0, 120_000, 500)],
      ['auth', eventually(async () => (await targets.auth.exec(['sh', '-c', 'ldapsearch -x -H ldap://127.0.0.1:389/ -LLL -s base -b "$LDAPBASE" dn'])).exitCode === 0, 120_000, 500)],
      ['app', eventually(async () => (await targets.app.exec(['python3', '-c', 'import socket; socket.create_connection(("127.0.0.1", 2003), 2).close()'])).exitCode === 0, 120_000, 500)],
      ['mta', mtaReady(targets.mta, 120_000)],
    ];
    for (const [service, ready] of waits) {
      if (!(await ready)) {
        const logs = await compose(['logs', '--tail', '30', service]);
        throw new Error(`the ${service} service of ${project} did not answer in time:\n${logs.stdout}`);
      }
    }
    return {
      project,
      directory,
      domain,
      ldapBase,
      containers,
      smtpPort,
      docker,
      target: (service) => targets[service],
      compose,
      delivered: () => sinkFiles(targets.app),
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
