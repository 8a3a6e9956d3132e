import { describe, expect, it } from 'vitest';
import { composeFile, composeModel, durationNs, parseCompose, parsePort } from '../../src/dms/compose-file.js';
import { containerOptions, composeLabels, networkOptions, projectName } from '../../src/services/deploy/container-spec.js';
import { composeSchemaErrors } from '../support/wizard-compose-schema.js';
import { sampleAnswers } from '../support/wizard-answers.js';

describe('compose.yaml', () => {
  it("lays the service out as DMS's own compose.yaml, with quoted ports and comments", () => {
    const text = composeFile(sampleAnswers());
    expect(text).toContain('services:\n  mailserver:\n    image: ghcr.io/docker-mailserver/docker-mailserver:latest\n    container_name: mailserver\n');
    expect(text).toMatch(/hostname: mail\.example\.com # the FQDN; the MX records point here/);
    expect(text).toMatch(/- "25:25" # SMTP: mail from other servers/);
    expect(text).toContain('- ./docker-data/dms/config/:/tmp/docker-mailserver/');
    expect(text).toContain('env_file: mailserver.env');
    expect(text).toContain('restart: always');
    expect(text).toContain('stop_grace_period: 1m');
    expect(text).toMatch(/# Fail2Ban bans addresses with nftables inside the container\n\s+cap_add:\n\s+- NET_ADMIN/);
    expect(text).not.toMatch(/110|995|4190/);
  });

  it('is valid against the Compose Specification JSON schema, in every variant', async () => {
    const variants = [
      sampleAnswers(),
      sampleAnswers({ publish: { address: '127.0.0.1', ports: { 25: 2525 } }, dns: ['127.0.0.1'] }),
      sampleAnswers({ publish: { address: '::1' }, tls: { type: 'manual', certPath: '/etc/ssl/fullchain.pem', keyPath: '/etc/ssl/key.pem' } }),
      sampleAnswers({ features: { ...sampleAnswers().features, fail2ban: false, pop3: true, managesieve: true } }),
      sampleAnswers({ tls: { type: 'letsencrypt', source: 'traefik', acmeJson: '/opt/traefik/acme.json' } }),
    ];
    for (const answers of variants) expect(await composeSchemaErrors(composeFile(answers))).toEqual([]);
    expect(await composeSchemaErrors('services:\n  mailserver:\n    image: x\n    ports: {a: 1}\n    restart: sometimes\n')).not.toEqual([]);
  });

  it('publishes the chosen ports on the chosen address, optional ones only when chosen', () => {
    const model = composeModel(sampleAnswers({ publish: { address: '127.0.0.1', ports: { 25: 2525 } }, features: { ...sampleAnswers().features, pop3: true, managesieve: true } }));
    expect(model.services.mailserver?.ports).toEqual(['127.0.0.1:2525:25', '127.0.0.1:143:143', '127.0.0.1:465:465', '127.0.0.1:587:587', '127.0.0.1:993:993', '127.0.0.1:110:110', '127.0.0.1:995:995', '127.0.0.1:4190:4190']);
    expect(composeModel(sampleAnswers({ publish: { address: '::1' } })).services.mailserver?.ports[0]).toBe('[::1]:25:25');
  });

  it('mounts the certificates the TLS choice needs', () => {
    expect(composeModel(sampleAnswers({ tls: { type: 'letsencrypt' } })).services.mailserver?.volumes).toContain('/etc/letsencrypt/:/etc/letsencrypt/:ro');
    const elsewhere = composeModel(sampleAnswers({ tls: { type: 'letsencrypt', source: 'existing', letsencryptDir: '/srv/certs' } }));
    expect(elsewhere.services.mailserver?.volumes).toContain('/srv/certs/:/etc/letsencrypt/:ro');
    // Traefik: acme.json alone, so that DMS can write what it extracts into its own /etc/letsencrypt/live/.
    const traefik = composeModel(sampleAnswers({ tls: { type: 'letsencrypt', source: 'traefik', acmeJson: '/opt/traefik/acme.json' } })).services.mailserver?.volumes ?? [];
    expect(traefik).toContain('/opt/traefik/acme.json:/etc/letsencrypt/acme.json:ro');
    expect(traefik.filter((v) => v.endsWith(':/etc/letsencrypt/:ro'))).toEqual([]);
    const manual = composeModel(sampleAnswers({ tls: { type: 'manual', certPath: '/etc/ssl/chain.pem', keyPath: '/etc/ssl/key.pem' } }));
    expect(manual.services.mailserver?.volumes).toEqual(expect.arrayContaining(['/etc/ssl/chain.pem:/tmp/dms/custom-certs/cert.pem:ro', '/etc/ssl/key.pem:/tmp/dms/custom-certs/key.pem:ro']));
  });

  it('reads back what it wrote', () => {
    const answers = sampleAnswers({ dns: ['127.0.0.1'] });
    expect(parseCompose(composeFile(answers))).toEqual(composeModel(answers).services.mailserver);
    expect(() => parseCompose('services: {}\n')).toThrow('the compose file has no service "mailserver"');
    expect(() => parsePort('25')).toThrow('port "25" is not [ip:]host:container');
    expect(durationNs('1m30s')).toBe(90e9);
    expect(() => durationNs('soon')).toThrow('"soon" is not a duration');
  });
});

describe('the container compose would create', () => {
  it("carries compose's project and service labels, so docker compose manages it afterwards", () => {
    expect(projectName('/srv/My Mail.Server')).toBe('mymailserver');
    expect(composeLabels('/srv/mail')).toEqual({
      'com.docker.compose.project': 'mail',
      'com.docker.compose.service': 'mailserver',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.project.working_dir': '/srv/mail',
      'com.docker.compose.project.config_files': '/srv/mail/compose.yaml',
    });
    expect(networkOptions('/srv/mail')).toMatchObject({ Name: 'mail_default', Labels: { 'com.docker.compose.network': 'default', 'com.docker.compose.project': 'mail' } });
  });

  it('turns the service into engine options: binds beside compose.yaml, ports, restart, health check, capabilities', () => {
    const service = composeModel(sampleAnswers({ publish: { address: '127.0.0.1' }, dns: ['127.0.0.1'] })).services.mailserver!;
    const options = containerOptions(service, { SSL_TYPE: 'self-signed' }, '/srv/mail', { 'org.example': 'x' });
    expect(options).toMatchObject({
      name: 'mailserver',
      Hostname: 'mail.example.com',
      Env: ['SSL_TYPE=self-signed'],
      StopTimeout: 60,
      Labels: { 'com.docker.compose.project': 'mail', 'org.example': 'x' },
      Healthcheck: { Interval: 10e9, Timeout: 3e9, Retries: 3, StartPeriod: 30e9 },
      HostConfig: { RestartPolicy: { Name: 'always' }, CapAdd: ['NET_ADMIN'], Dns: ['127.0.0.1'] },
    });
    expect(options.HostConfig?.Binds).toEqual([
      '/srv/mail/docker-data/dms/mail-data:/var/mail/',
      '/srv/mail/docker-data/dms/mail-state:/var/mail-state/',
      '/srv/mail/docker-data/dms/mail-logs:/var/log/mail/',
      '/srv/mail/docker-data/dms/config:/tmp/docker-mailserver/',
      '/etc/localtime:/etc/localtime:ro',
      '/etc/letsencrypt:/etc/letsencrypt/:ro',
    ]);
    expect(options.HostConfig?.PortBindings?.['25/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: '25' }]);
    expect(options.NetworkingConfig?.EndpointsConfig?.mail_default?.Aliases).toEqual(['mailserver', 'mailserver']);
  });
});
