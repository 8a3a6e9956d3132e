import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { certbotComposeSnippet, certbotService, renewalExplanation } from '../../src/dms/certbot-compose.js';

/** The certbot service for compose.yaml and the renewal explanation. */

describe('certbotService', () => {
  it('obtains and renews over standalone http-01 on port 80, in the folder DMS mounts at /etc/letsencrypt', () => {
    const service = certbotService({ fqdn: 'mail.example.com', email: 'admin@example.com' });
    expect(service).toMatchObject({ image: 'certbot/certbot:latest', restart: 'unless-stopped', ports: ['80:80'] });
    expect(service.volumes).toEqual(['/etc/letsencrypt/:/etc/letsencrypt/', './docker-data/certbot/logs/:/var/log/letsencrypt/']);
    expect(service.entrypoint.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(service.entrypoint[2]).toBe(
      'trap exit TERM; while :; do certbot certonly --standalone --non-interactive --agree-tos --email admin@example.com --keep-until-expiring -d mail.example.com; sleep 12h & wait $$!; done',
    );
  });

  it('registers without an address when there is none, uses staging when asked, and a given folder', () => {
    const service = certbotService({ fqdn: 'mail.example.com', staging: true, certsDir: './docker-data/certbot/certs' });
    expect(service.entrypoint[2]).toContain('--register-unsafely-without-email --keep-until-expiring --staging -d mail.example.com');
    expect(service.volumes[0]).toBe('./docker-data/certbot/certs/:/etc/letsencrypt/');
  });

  it('refuses names and addresses that would break the shell command', () => {
    expect(() => certbotService({ fqdn: 'mail.example.com; rm -rf /' })).toThrow();
    expect(() => certbotService({ fqdn: 'mail.example.com', email: 'a@b.c $(id)' })).toThrow('is not an email address');
  });
});

describe('certbotComposeSnippet', () => {
  it('is YAML with a services block, the port quoted, and says what the mailserver service needs', () => {
    const text = certbotComposeSnippet({ fqdn: 'mail.example.com' });
    expect(text).toContain('    ports:\n      - "80:80"\n');
    expect(text).toContain('# The mailserver service needs SSL_TYPE=letsencrypt and /etc/letsencrypt/ mounted at /etc/letsencrypt/.');
    const parsed = parse(text) as { services: { certbot: { entrypoint: string[] } } };
    expect(parsed.services.certbot.entrypoint[2]).toContain('wait $$!');
  });
});

describe('renewalExplanation', () => {
  it('tells when renewal happens, where the files go and that DMS reloads them itself', () => {
    const text = renewalExplanation({ fqdn: 'mail.example.com' });
    expect(text).toContain('renews mail.example.com 30 days before expiry');
    expect(text).toContain('/etc/letsencrypt/live/mail.example.com/');
    expect(text).toContain('no restart is needed');
  });
});
