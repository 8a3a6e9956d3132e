import { describe, expect, it } from 'vitest';
import { detectStacks, worthInspecting, type ContainerFacts } from '../../src/stacks/detect.js';

const compose = (project: string, service: string): Record<string, string> => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
});

function container(name: string, image: string, extra: Partial<ContainerFacts> = {}): ContainerFacts {
  return { name, image, state: 'running', labels: {}, ports: [], ...extra };
}

/** The four services of mlan/kopano's compose example (seed 000), as `docker compose up` names them. */
const KOPANO_DEMO: ContainerFacts[] = [
  container('demo-app-1', 'mlan/kopano', {
    labels: compose('demo', 'app'),
    ports: [80, 143, 110, 8080, 993, 995, 8443, 2003],
    env: { USER_PLUGIN: 'ldap', LDAP_URI: 'ldap://auth:389/', MYSQL_HOST: 'db', SMTP_SERVER: 'mta' },
  }),
  container('demo-mta-1', 'mlan/postfix-amavis', {
    labels: compose('demo', 'mta'),
    ports: [25],
    env: { LDAP_HOST: 'auth', VIRTUAL_TRANSPORT: 'lmtp:app:2003', MAIL_DOMAIN: 'example.com' },
  }),
  container('demo-db-1', 'mariadb', { labels: compose('demo', 'db'), ports: [3306], env: { MYSQL_ROOT_PASSWORD: 'secret' } }),
  container('demo-auth-1', 'mlan/openldap', { labels: compose('demo', 'auth'), ports: [389], env: { LDAP_LOGLEVEL: 'parse' } }),
  container('demo-proxy-1', 'traefik:v3', { labels: compose('demo', 'proxy'), ports: [80, 443] }),
];

describe('stack detection', () => {
  it('finds the Kopano stack of a compose project, each member with its role, and leaves the proxy out', () => {
    expect(detectStacks(KOPANO_DEMO)).toEqual([
      {
        name: 'demo',
        kind: 'kopano',
        grouping: 'compose',
        members: [
          { container: 'demo-mta-1', role: 'mta', reason: 'image' },
          { container: 'demo-app-1', role: 'groupware', reason: 'image' },
          { container: 'demo-auth-1', role: 'directory', reason: 'image' },
          { container: 'demo-db-1', role: 'database', reason: 'image' },
        ],
      },
    ]);
  });

  it('finds it by env markers when the images are retagged', () => {
    const retagged = KOPANO_DEMO.map((c) => ({ ...c, image: `registry.example.com/ops/${c.name}:2024` }));
    const [stack] = detectStacks(retagged);
    expect(stack?.kind).toBe('kopano');
    expect(stack?.members.map((m) => `${m.role}:${m.reason}`)).toEqual(['mta:env', 'groupware:env', 'database:env']);
  });

  it('finds Kopano members started without compose by the names in their settings', () => {
    const loose = KOPANO_DEMO.slice(0, 4).map((c) => ({ ...c, name: c.labels['com.docker.compose.service']!, labels: {} }));
    expect(detectStacks(loose)).toEqual([
      expect.objectContaining({ name: 'app', kind: 'kopano', grouping: 'references', members: expect.arrayContaining([expect.objectContaining({ container: 'db' })]) }),
    ]);
    expect(detectStacks(loose)[0]?.members).toHaveLength(4);
  });

  it('takes each DMS container as a stack of its own, named like the container, also inside a compose project', () => {
    const stacks = detectStacks([
      container('mailserver', 'ghcr.io/docker-mailserver/docker-mailserver:15.1.0', { labels: compose('mail', 'mailserver'), ports: [25, 143] }),
      container('mail-roundcube-1', 'roundcube/roundcubemail', { labels: compose('mail', 'roundcube') }),
      container('retagged-dms', 'internal/mail:1', { env: { ENABLE_FAIL2BAN: '1', SSL_TYPE: 'manual' } }),
    ]);
    expect(stacks).toEqual([
      { name: 'mailserver', kind: 'dms', grouping: 'container', members: [{ container: 'mailserver', role: 'mail-server', reason: 'image' }] },
      { name: 'retagged-dms', kind: 'dms', grouping: 'container', members: [{ container: 'retagged-dms', role: 'mail-server', reason: 'env' }] },
    ]);
  });

  it('finds docker-dovecot: three Exims, Dovecot, Rspamd, ClamAV, Redis and dnsmasq from its built images', () => {
    const services = ['imap', 'exim-external', 'exim-int-mailout', 'exim-ext-mailout', 'rspam', 'clamav', 'mail-redis', 'mail-dnsmasq'];
    const stacks = detectStacks(services.map((s) => container(s, `docker-dovecot-${s}`, { labels: compose('docker-dovecot', s) })));
    expect(stacks).toHaveLength(1);
    expect(stacks[0]?.kind).toBe('docker-dovecot');
    expect(stacks[0]?.members.map((m) => `${m.role}:${m.container}`)).toEqual([
      'mta:exim-ext-mailout',
      'mta:exim-external',
      'mta:exim-int-mailout',
      'imap:imap',
      'filter:rspam',
      'antivirus:clamav',
      'cache:mail-redis',
      'dns:mail-dnsmasq',
    ]);
  });

  it("lets the user's labels group containers and give roles", () => {
    const stacks = detectStacks([
      container('pf', 'example/postfix', { labels: { 'mailwiz.stack': 'office', 'mailwiz.role': 'mta' }, env: { VIRTUAL_TRANSPORT: 'lmtp:kc:2003' } }),
      container('kc', 'example/groupware', { labels: { 'mailwiz.stack': 'office', 'mailwiz.role': 'groupware' }, env: { USER_PLUGIN: 'db', MYSQL_HOST: 'sql' } }),
      container('sql', 'example/sql', { labels: { 'mailwiz.stack': 'office', 'mailwiz.role': 'database' } }),
    ]);
    expect(stacks).toEqual([
      {
        name: 'office',
        kind: 'kopano',
        grouping: 'label',
        members: [
          { container: 'pf', role: 'mta', reason: 'label' },
          { container: 'kc', role: 'groupware', reason: 'label' },
          { container: 'sql', role: 'database', reason: 'label' },
        ],
      },
    ]);
  });

  it('sees nothing in 50 unrelated containers, and would inspect none of them', () => {
    const unrelated = Array.from({ length: 50 }, (_, i) =>
      container(`web-${i}`, ['nginx:1.27', 'postgres:16', 'node:20', 'grafana/grafana'][i % 4]!, { ports: [80, 5432, 3000][i % 3] ? [[80, 5432, 3000][i % 3]!] : [] }),
    );
    expect(detectStacks(unrelated)).toEqual([]);
    expect(unrelated.filter(worthInspecting)).toEqual([]);
    expect(worthInspecting(KOPANO_DEMO[1]!)).toBe(true);
  });

  it('keeps taking a lone container that speaks SMTP for a mail server, as before stacks', () => {
    expect(detectStacks([container('postfix', 'boky/postfix', { ports: [25, 587] })])).toEqual([
      { name: 'postfix', kind: 'dms', grouping: 'container', members: [{ container: 'postfix', role: 'mail-server', reason: 'port' }] },
    ]);
  });
});
