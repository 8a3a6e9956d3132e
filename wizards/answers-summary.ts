import { certificateSource, letsencryptDir, type TlsSettings, type WizardAnswers } from '../src/dms/wizard-answers.js';

const SOURCES = { mailwiz: 'obtained by mailwiz over ACME, renewed by cron', existing: 'files already in ', traefik: 'from Traefik: ' } as const;

function tlsSummary(tls: TlsSettings): string {
  if (tls.type !== 'letsencrypt') return tls.type;
  const source = certificateSource(tls);
  const where = source === 'existing' ? letsencryptDir(tls) : source === 'traefik' ? (tls.acmeJson ?? '?') : '';
  return `Let's Encrypt, ${SOURCES[source]}${where}`;
}

function kopanoSummary(a: WizardAnswers): string[] {
  const k = a.kopano;
  const users = !k
    ? '?'
    : k.users === 'db'
      ? "in Kopano's database (kopano-admin)"
      : `LDAP ${k.directory === 'bundled' ? 'in the bundled directory (auth)' : (k.ldap.uri ?? '?')}, base ${k.ldap.searchBase}, class ${k.ldap.userClass}`;
  return [
    `System      Kopano stack: app, mta, db${k?.users === 'ldap' && k.directory === 'bundled' ? ', auth' : ''}`,
    `Domains     ${a.domains.join(', ')}`,
    `Host name   ${a.hostname}  (IPv4 ${a.ipv4 ?? 'none'}, IPv6 ${a.ipv6 ?? 'none'})`,
    `Users       ${users}`,
    `TLS         ${tlsSummary(a.tls)}`,
    `Images      ${k ? [k.images.app, k.images.mta, k.images.db, ...(k.users === 'ldap' && k.directory === 'bundled' ? [k.images.auth] : [])].join(', ') : '?'}; ports on ${a.publish.address || 'every address'}`,
    `Folder      ${a.directory}`,
  ];
}

/** The answers as a few lines for the review: no secret ever appears. */
export function answersSummary(a: WizardAnswers): string[] {
  if (a.system === 'kopano') return kopanoSummary(a);
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
