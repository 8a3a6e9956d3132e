import type { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ACME_JSON_PATH } from '../../dms/traefik-acme.js';
import type { CheckResult, CheckStatus } from '../dns/check-result.js';
import { DAY_MS, renewalDate } from './live-certificate.js';
import { checkCertificateSource, type CertificateSource } from './proxy-certificate.js';

/**
 * Whether a Let's Encrypt certificate will be renewed (SSL_TYPE=letsencrypt): something must renew it (a certbot,
 * Traefik or Caddy container, or a host cron job / timer), and a certificate past its renewal point shows that
 * renewal is failing. DMS itself only reloads renewed files: with letsencrypt and manual (where a proxy such as Caddy
 * may renew the file), whether the server serves the file it was given (proxy-certificate.ts).
 */

export interface RenewalFacts {
  sslType: string;
  fqdn: string;
  /** The certificate the server serves. */
  served?: X509Certificate;
  /** What renews certificates here: running containers and host jobs, by name. */
  renewers: string[];
  /** certbot's `/etc/letsencrypt/renewal/<fqdn>.conf` exists. */
  certbotConfig: boolean;
  /** Where the server takes its certificate from (acme.json, live/<name>/fullchain.pem, SSL_CERT_PATH), as read in it. */
  source?: CertificateSource;
  now: Date;
}

/** certbot runs twice a day: allow a missed day or two before calling renewal late. */
const GRACE_DAYS = 2;
const RENEWER_IMAGE = /certbot|traefik|caddy|acme|lego|swag/i;
/** mailwiz's own job runs `<node> <path>/mailwiz.js cert renew`, its words quoted (renewal-cron.ts). */
const RENEW_JOB = /certbot|acme\.sh|lego|dehydrated|mailwiz\S*\s+['"]?cert['"]?\s+['"]?renew\b|mailwiz-cert-renew/;

export function checkRenewal(facts: RenewalFacts): CheckResult[] {
  if (facts.sslType !== 'letsencrypt' && facts.sslType !== 'manual') return [];
  const report = (id: string, status: CheckStatus, summary: string, detail?: string): CheckResult => ({
    id,
    status,
    summary,
    ...(detail ? { detail } : {}),
    resolver: 'this machine',
  });
  const applied = facts.source ? checkCertificateSource(report, facts.source, facts.served, facts.now) : [];
  if (facts.sslType === 'manual') return applied;
  const results = [agentRule(report, facts)];
  if (facts.served) results.push(dueRule(report, facts.served, facts.now));
  const unmounted = acmeJsonMissingRule(report, facts);
  return [...results, ...(unmounted ? [unmounted] : []), ...applied];
}

type Report = (id: string, status: CheckStatus, summary: string, detail?: string) => CheckResult;

function agentRule(report: Report, facts: RenewalFacts): CheckResult {
  if (facts.renewers.length > 0) return report('renewal.agent', 'pass', `renewed by ${facts.renewers.join(', ')}`);
  if (facts.source?.kind === 'acme-json') {
    const summary = 'no Traefik was found running here: nothing renews the certificates in acme.json';
    return report('renewal.agent', 'warn', summary, 'Traefik renews them: start it beside the mail server');
  }
  const how = 'run `mailwiz cert cron --install` (renews what `mailwiz cert obtain` got), or add the certbot service `mailwiz cert certbot` prints';
  const found = facts.certbotConfig ? `certbot obtained it (renewal/${facts.fqdn}.conf), but ` : '';
  return report('renewal.agent', 'warn', `${found}nothing was found that renews the certificate of ${facts.fqdn}`, how);
}

/** Traefik runs, certbot has no say, yet the server has no acme.json: Traefik's renewals cannot reach it. */
function acmeJsonMissingRule(report: Report, facts: RenewalFacts): CheckResult | undefined {
  const traefik = facts.renewers.find((r) => /traefik/i.test(r));
  // A host job (certbot's or mailwiz's cron) renewing the live/ files means Traefik serves other sites.
  const hostJob = facts.renewers.some((r) => r.startsWith('cron ') || r.startsWith('systemd timer '));
  if (!traefik || hostJob || facts.certbotConfig || facts.source?.kind === 'acme-json') return undefined;
  return report(
    'renewal.acme-json',
    'warn',
    `${traefik} runs here, but the server has no ${ACME_JSON_PATH}: Traefik's renewals do not reach it`,
    `if Traefik obtains this certificate, mount its acme.json at ${ACME_JSON_PATH}:ro (DMS extracts the certificate from it)`,
  );
}

function dueRule(report: Report, served: X509Certificate, now: Date): CheckResult {
  const notAfter = Date.parse(served.validTo);
  const renewAt = renewalDate({ notBefore: new Date(served.validFrom), notAfter: new Date(notAfter) }).getTime();
  const renewBefore = (notAfter - renewAt) / DAY_MS;
  const late = Math.floor((now.getTime() - renewAt) / DAY_MS);
  if (late > GRACE_DAYS) {
    return report(
      'renewal.due',
      'warn',
      `the certificate should have been renewed ${late} days ago: renewal is failing`,
      'read the logs of what renews it (docker compose logs certbot)',
    );
  }
  const on = new Date(Math.max(renewAt, now.getTime())).toISOString().slice(0, 10);
  return report('renewal.due', 'pass', `renewal is due on ${on} (${Math.round(renewBefore)} days before expiry)`);
}

/** Running containers whose image renews certificates, as `name (image)`. */
export function renewerContainers(containers: readonly { Names?: string[]; Image: string }[]): string[] {
  return containers.filter((c) => RENEWER_IMAGE.test(c.Image)).map((c) => `${(c.Names?.[0] ?? '?').replace(/^\//, '')} (${c.Image})`);
}

/** Host cron jobs and systemd timers that renew certificates (mailwiz runs on the host beside the engine). */
export async function hostRenewalJobs(root = '/'): Promise<string[]> {
  const jobs: string[] = [];
  const cronFiles = [
    join(root, 'etc/crontab'),
    ...(await list(join(root, 'etc/cron.d'))),
    ...(await list(join(root, 'var/spool/cron/crontabs'))),
  ];
  for (const file of cronFiles) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.split('\n').some((line) => !line.trimStart().startsWith('#') && RENEW_JOB.test(line))) jobs.push(`cron (${file})`);
  }
  const timers = await list(join(root, 'etc/systemd/system/timers.target.wants'));
  jobs.push(...timers.filter((t) => RENEW_JOB.test(t)).map((t) => `systemd timer ${t.split('/').pop() ?? t}`));
  return jobs;
}

async function list(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).map((name) => join(dir, name));
}
