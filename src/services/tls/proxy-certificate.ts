import { X509Certificate } from 'node:crypto';
import { pickAcmeCertificate, type AcmePick, type AcmeStore } from '../../dms/traefik-acme.js';
import { sanitizeForTerminal } from '../../dms/terminal-text.js';
import type { CheckResult, Report } from '../dns/check-result.js';
import { EXPIRY_WARN_DAYS } from './checks.js';
import { daysLeft } from './live-certificate.js';
import { pemBlocks } from './pem.js';

/**
 * Whether the server serves the certificate it was given (pure: what was read inside the server and the certificate
 * served in, results out). A proxy (Traefik's acme.json, Caddy's storage) or certbot renews the file; DMS applies it at
 * start and when its change detector sees the file change. A common failure is a renewed file that never reaches
 * the server: acme.json or the certificate mounted as a single file and replaced by a new file on the host (the
 * container keeps the old one), or the change detector not running. (acme.json not mounted at all: renewal.ts.)
 */

/** Where the server takes its certificate from, as read inside it (certificates only: no key leaves it). */
export type CertificateSource = AcmeJsonSource | CertificateFileSource;

export interface AcmeJsonSource {
  kind: 'acme-json';
  file: string;
  /** DMS's names in its order: SSL_DOMAIN, HOSTNAME, DOMAINNAME. */
  names: string[];
  read: { store: AcmeStore } | { problem: string };
  hostCopy?: HostCopy;
}

export interface CertificateFileSource {
  kind: 'file';
  file: string;
  /** What names the file: SSL_CERT_PATH (manual) or DMS's live folder (letsencrypt). */
  setBy: 'SSL_CERT_PATH' | 'letsencrypt';
  /** The file's CERTIFICATE blocks, or why it could not be read. */
  read: { pem: string } | { problem: string };
  hostCopy?: HostCopy;
}

/** The host file bind-mounted (as a single file) where the server reads it. */
export interface HostCopy {
  hostFile: string;
  /** The host's file now has other content than the container sees. */
  differs: boolean;
}

const ACME = 'renewal.acme-json';
const TRAEFIK_LOG = 'read Traefik’s log (docker logs <traefik container>)';

export function checkCertificateSource(
  report: Report,
  source: CertificateSource,
  served: X509Certificate | undefined,
  now: Date,
): CheckResult[] {
  const given = source.kind === 'acme-json' ? acmeJsonRule(report, source, now) : fileRule(report, source);
  const results = given.result ? [given.result] : [];
  if (source.hostCopy?.differs) results.push(hostCopyRule(report, source, source.hostCopy));
  if (given.leaf && served) results.push(appliedRule(report, source, given.leaf, served));
  return results;
}

/** What a rule found: its result, and the certificate given to the server when there is one. */
interface Given {
  result?: CheckResult;
  leaf?: X509Certificate;
}

function fileRule(report: Report, source: CertificateFileSource): Given {
  if ('problem' in source.read) {
    return { result: report('renewal.file', 'fail', `${clean(source.file)} cannot be read: ${clean(source.read.problem)}`) };
  }
  const [leafPem] = pemBlocks(source.read.pem);
  try {
    if (leafPem) return { leaf: new X509Certificate(leafPem) };
  } catch {
    // reported below
  }
  return { result: report('renewal.file', 'fail', `${clean(source.file)} holds no readable PEM certificate`) };
}

function acmeJsonRule(report: Report, source: AcmeJsonSource, now: Date): Given {
  if ('problem' in source.read) return { result: report(ACME, 'fail', `${source.file} cannot be read: ${clean(source.read.problem)}`) };
  const pick = pickAcmeCertificate(source.read.store, source.names);
  const passedOver = pick.passedOver.map(
    ({ name, entry }) => `the certificate of ${clean(name)} in acme.json is unusable: ${clean(entry.problem)}`,
  );
  if (!pick.found) return { result: noCertificate(report, source.read.store, pick, passedOver) };
  const { certificate } = pick;
  const days = daysLeft(certificate, now);
  const until = certificate.notAfter.toISOString().slice(0, 10);
  const resolver = certificate.resolver ? ` (resolver ${clean(certificate.resolver)})` : '';
  const which = `acme.json's certificate of ${clean(pick.name)}${resolver}`;
  const leaf = certificate.leaf;
  if (days < 0) return { result: report(ACME, 'fail', `${which} expired on ${until}: Traefik has not renewed it`, TRAEFIK_LOG), leaf };
  if (days < EXPIRY_WARN_DAYS) {
    const detail = `Traefik renews certificates 30 days before they expire: ${TRAEFIK_LOG}`;
    return { result: report(ACME, 'warn', `${which} expires in ${days} days (${until}): Traefik has not renewed it`, detail), leaf };
  }
  const detail = passedOver.length > 0 ? passedOver.join('\n') : undefined;
  return { result: report(ACME, 'pass', `${which} is valid for ${days} more days (until ${until})`, detail), leaf };
}

function noCertificate(report: Report, store: AcmeStore, pick: AcmePick & { found: false }, passedOver: string[]): CheckResult {
  if (pick.unreadableLayout) {
    return report(ACME, 'fail', pick.unreadableLayout, 'upgrade Traefik (v2 and newer write the layout DMS reads), or use SSL_TYPE=manual');
  }
  const names = (e: AcmeStore['entries'][number]) => [e.main, ...e.sans].filter(Boolean).map(clean).join(', ');
  const held = store.entries.slice(0, 10).map(names);
  const more = store.entries.length > held.length ? ' …' : '';
  const detail = [
    'DMS looks for SSL_DOMAIN, then HOSTNAME, then DOMAINNAME, each as a certificate’s exact `main` or one of its `sans`',
    ...passedOver,
    ...pick.covering.slice(0, 3).map((c) => `${clean(c.main)} covers it, but DMS matches names exactly: set SSL_DOMAIN=${clean(c.main)}`),
    held.length > 0 ? `acme.json has: ${held.join('; ')}${more}` : 'acme.json has no certificate yet',
  ];
  return report(ACME, 'fail', `acme.json has no certificate DMS can use for ${pick.tried.map(clean).join(', ')}`, detail.join('\n'));
}

function appliedRule(report: Report, source: CertificateSource, given: X509Certificate, served: X509Certificate): CheckResult {
  const file = source.kind === 'acme-json' ? 'acme.json' : clean(source.file);
  if (given.fingerprint256 === served.fingerprint256) {
    const what = source.kind === 'acme-json' ? "acme.json's certificate" : `the certificate in ${file}`;
    return report('renewal.applied', 'pass', `the server serves ${what}`);
  }
  let summary = `the server serves another certificate than the one in ${file}`;
  if (Date.parse(given.validTo) > Date.parse(served.validTo)) {
    summary =
      source.kind === 'acme-json'
        ? 'Traefik renewed it, the server still serves the old one'
        : `${file} was renewed, the server still serves the old certificate`;
  }
  const dates = `served: valid until ${day(served.validTo)}; ${file}: valid until ${day(given.validTo)}`;
  return report('renewal.applied', 'warn', summary, [dates, ...applyAdvice(source)].join('\n'));
}

function hostCopyRule(report: Report, source: CertificateSource, copy: HostCopy): CheckResult {
  const file = clean(source.file);
  const forGood =
    source.kind === 'acme-json'
      ? 'Traefik itself rewrites acme.json in place: whatever replaced it with a new file should write into it instead.'
      : 'for good, mount the folder that holds the file instead of the file.';
  return report(
    'renewal.mount',
    'warn',
    `the container sees an old ${file}: ${clean(copy.hostFile)} on the host has changed since it started`,
    [
      `${file} is a bind mount of that one file, and the host's file was replaced by a new one (written beside it, then renamed`,
      'over it, as renewals do): the container keeps the file it started with. Restart the container (docker restart) to see',
      `the new one; ${forGood}`,
    ].join('\n'),
  );
}

function applyAdvice(source: CertificateSource): string[] {
  const detector =
    'its change detector applies a changed file within seconds: is it running? (in the container: supervisorctl status changedetector;' +
    ' log: /var/log/supervisor/changedetector.log)';
  const restart = 'restart the container (docker restart) to apply it now';
  if (source.kind === 'acme-json') {
    return [
      `DMS extracts the certificate from ${source.file} at start and when the file changes; ${detector}`,
      `check that ${source.file} is Traefik's own acme.json mounted (not a copy); ${restart}`,
    ];
  }
  const file = clean(source.file);
  return [
    `DMS applies ${file} at start and when the file changes; ${detector}`,
    restart,
    `if ${file} is a single file bind-mounted from the host, a renewal that writes a new file and renames it over the old one`,
    '(Caddy, certbot) leaves the container with the old file: mount its folder instead',
  ];
}

function day(date: string): string {
  return new Date(date).toISOString().slice(0, 10);
}

function clean(text: string): string {
  return sanitizeForTerminal(text);
}
