import { Scalar, stringify } from 'yaml';
import { domainProblem } from './validate.js';

/**
 * A certbot service for compose.yaml beside DMS (SSL_TYPE=letsencrypt): it obtains the certificate with the
 * standalone http-01 challenge on port 80, then renews it twice a day, in the folder DMS mounts at /etc/letsencrypt.
 */

export interface CertbotInput {
  fqdn: string;
  /** Where Let's Encrypt sends expiry notices; without one certbot registers with no address. */
  email?: string;
  /** The host folder shared with DMS at /etc/letsencrypt (mailwiz's compose.yaml mounts /etc/letsencrypt/). */
  certsDir?: string;
  /** Let's Encrypt's staging server (untrusted certificates, generous rate limits) for a first try. */
  staging?: boolean;
}

export interface CertbotService {
  image: string;
  restart: string;
  ports: string[];
  volumes: string[];
  entrypoint: string[];
}

export const LETSENCRYPT_HOST_DIR = '/etc/letsencrypt/';
export const CERTBOT_IMAGE = 'certbot/certbot:latest';
/** certbot renews a certificate this many days before it expires. */
export const CERTBOT_RENEW_DAYS = 30;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/;

export function certbotService(input: CertbotInput): CertbotService {
  const problem =
    domainProblem(input.fqdn) ??
    (input.email !== undefined && !EMAIL.test(input.email) ? `'${input.email}' is not an email address` : undefined);
  if (problem) throw new Error(problem);
  const account = input.email ? `--email ${input.email}` : '--register-unsafely-without-email';
  const server = input.staging ? ' --staging' : '';
  // --keep-until-expiring: obtains the certificate when there is none, renews it when it is due, else does nothing.
  const obtainOrRenew = `certbot certonly --standalone --non-interactive --agree-tos ${account} --keep-until-expiring${server} -d ${input.fqdn}`;
  // `$$` is compose's escape for a literal `$`; `sleep & wait` lets the container stop at once.
  const loop = `trap exit TERM; while :; do ${obtainOrRenew}; sleep 12h & wait $$!; done`;
  return {
    image: CERTBOT_IMAGE,
    restart: 'unless-stopped',
    ports: ['80:80'],
    volumes: [
      `${withSlash(input.certsDir ?? LETSENCRYPT_HOST_DIR)}:/etc/letsencrypt/`,
      './docker-data/certbot/logs/:/var/log/letsencrypt/',
    ],
    entrypoint: ['/bin/sh', '-c', loop],
  };
}

/** The `services:` block to add to compose.yaml. */
export function certbotComposeSnippet(input: CertbotInput): string {
  const service = certbotService(input);
  const header = [
    `# certbot for ${input.fqdn}: port 80 must reach this container from the internet (http-01).`,
    `# The mailserver service needs SSL_TYPE=letsencrypt and ${service.volumes[0]?.split(':')[0]} mounted at /etc/letsencrypt/.`,
  ].join('\n');
  // Quoted: YAML 1.1 reads 80:80 as a number in base 60.
  const ports = service.ports.map((port) => Object.assign(new Scalar(port), { type: Scalar.QUOTE_DOUBLE }));
  return `${header}\n${stringify({ services: { certbot: { ...service, ports } } }, { lineWidth: 0 })}`;
}

/** How renewal works with this setup, for the wizard and `mailwiz check`. */
export function renewalExplanation(input: CertbotInput): string {
  const live = `/etc/letsencrypt/live/${input.fqdn}/`;
  return [
    `Let's Encrypt certificates are valid for 90 days. The certbot container asks every 12 hours; it renews ${input.fqdn} ${CERTBOT_RENEW_DAYS} days before expiry,`,
    `each time through the http-01 challenge on port 80 (keep port 80 open to the internet and free on the host).`,
    `The new files land in ${live} (fullchain.pem, privkey.pem). DMS (SSL_TYPE=letsencrypt) watches that folder and reloads Postfix and Dovecot`,
    `within seconds: no restart is needed. \`mailwiz check\` warns when fewer than 21 days are left, or when the certificate is older than the`,
    `renewal point, which means renewal is failing: then read \`docker compose logs certbot\`.`,
  ].join('\n');
}

function withSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}
