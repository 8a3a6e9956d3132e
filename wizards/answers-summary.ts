import { certificateSource, letsencryptDir, type TlsSettings, type WizardAnswers } from '../src/dms/wizard-answers.js';

const SOURCES = { mailwiz: 'obtained by mailwiz over ACME, renewed by cron', existing: 'files already in ', traefik: 'from Traefik: ' } as const;

function tlsSummary(tls: TlsSettings): string {
  if (tls.type !== 'letsencrypt') return tls.type;
  const source = certificateSource(tls);
  const where = source === 'existing' ? letsencryptDir(tls) : source === 'traefik' ? (tls.acmeJson ?? '?') : '';
  return `Let's Encrypt, ${SOURCES[source]}${where}`;
}

/** The answers as a few lines for the review: no secret ever appears. */
export function answersSummary(a: WizardAnswers): string[] {
  const f = a.features;
  const on = (['clamav', 'fail2ban', 'postgrey', 'pop3', 'managesieve', 'quotas'] as const).filter((k) => f[k]);
  const accounts =
    a.provisioner === 'file'
      ? `files; first account ${a.firstAccount?.address ?? '?'}${a.firstAccount?.postmasterAlias ? ' (+ postmaster alias)' : ''}`
      : `LDAP ${a.ldap?.uri ?? '?'}${a.ldap?.startTls ? ' (StartTLS)' : ''}, base ${a.ldap?.searchBase ?? '?'}`;
  return [
    `Domains     ${a.domains.join(', ')}`,
    `Host name   ${a.hostname}  (IPv4 ${a.ipv4 ?? 'none'}, IPv6 ${a.ipv6 ?? 'none'})`,
    `Accounts    ${accounts}`,
    `Filtering   ${f.spam === 'off' ? 'no spam filter' : f.spam === 'rspamd' ? 'Rspamd' : 'Amavis + SpamAssassin'}; ${on.join(', ') || 'nothing else'}${f.relay ? `; relay ${f.relay.host}:${f.relay.port}` : ''}`,
    `TLS         ${tlsSummary(a.tls)}`,
    `Container   ${a.containerName} from ${a.image}, ports on ${a.publish.address || 'every address'}`,
    `Folder      ${a.directory}`,
  ];
}
