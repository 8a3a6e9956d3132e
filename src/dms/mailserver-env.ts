import type { LdapSettings, WizardAnswers } from './wizard-answers.js';

/**
 * mailserver.env as DMS reads it: plain `VAR=VAL` lines (no quotes, no `$` expansion), only documented variables.
 * Written in groups with a comment saying what each group is for.
 */

export interface EnvGroup {
  comment: string;
  vars: [name: string, value: string][];
}

const onOff = (on: boolean): string => (on ? '1' : '0');
const yesNo = (on: boolean): string => (on ? 'yes' : 'no');

function generalGroup(answers: WizardAnswers): EnvGroup {
  return {
    comment: 'General (https://docker-mailserver.github.io/docker-mailserver/latest/config/environment/)',
    vars: [
      ['LOG_LEVEL', 'info'],
      ['POSTMASTER_ADDRESS', `postmaster@${answers.domains[0] ?? ''}`],
      ['PERMIT_DOCKER', 'none'],
      ['SPOOF_PROTECTION', '1'],
      ['ENABLE_IMAP', '1'],
      ['ENABLE_POP3', onOff(answers.features.pop3)],
      ['ENABLE_MANAGESIEVE', onOff(answers.features.managesieve)],
      ['ENABLE_QUOTAS', onOff(answers.features.quotas && answers.provisioner === 'file')],
      ['TLS_LEVEL', 'modern'],
    ],
  };
}

function filteringGroup({ features }: WizardAnswers): EnvGroup {
  const rspamd = features.spam === 'rspamd';
  const amavis = features.spam === 'amavis';
  return {
    comment: rspamd
      ? 'Filtering: Rspamd does spam, DKIM, DMARC and SPF (the separate daemons are off, as DMS recommends)'
      : 'Filtering: OpenDKIM signs, OpenDMARC and policyd-spf check incoming mail',
    vars: [
      ['ENABLE_RSPAMD', onOff(rspamd)],
      ['ENABLE_OPENDKIM', onOff(!rspamd)],
      ['ENABLE_OPENDMARC', onOff(!rspamd)],
      ['ENABLE_POLICYD_SPF', onOff(!rspamd)],
      ['ENABLE_AMAVIS', onOff(amavis)],
      ['ENABLE_SPAMASSASSIN', onOff(amavis)],
      ['ENABLE_CLAMAV', onOff(features.clamav)],
      ['ENABLE_POSTGREY', onOff(features.postgrey)],
      ['ENABLE_FAIL2BAN', onOff(features.fail2ban)],
    ],
  };
}

function tlsGroup({ tls }: WizardAnswers): EnvGroup {
  const vars: [string, string][] = [['SSL_TYPE', tls.type === 'none' ? '' : tls.type]];
  if (tls.type === 'manual') vars.push(['SSL_CERT_PATH', MANUAL_CERT], ['SSL_KEY_PATH', MANUAL_KEY]);
  return {
    comment: tls.type === 'none' ? 'TLS: none. Passwords travel in plain text: for a test machine only' : `TLS: ${tls.type}`,
    vars,
  };
}

/** Where compose.yaml mounts the manual certificate files (read-only). */
export const MANUAL_CERT = '/tmp/dms/custom-certs/cert.pem';
export const MANUAL_KEY = '/tmp/dms/custom-certs/key.pem';

function relayGroup({ features }: WizardAnswers): EnvGroup[] {
  const relay = features.relay;
  if (!relay) return [];
  const vars: [string, string][] = [['DEFAULT_RELAY_HOST', `[${relay.host}]:${relay.port}`]];
  if (relay.user && relay.password) vars.push(['RELAY_USER', relay.user], ['RELAY_PASSWORD', relay.password]);
  return [{ comment: 'Outgoing mail goes through this relay host', vars }];
}

function ldapGroups(ldap: LdapSettings): EnvGroup[] {
  const { filters } = ldap;
  // Dovecot's filters take the login name as %u (Dovecot 2.3, DMS v15); postfix's take %s.
  const dovecotFilter = filters.user.replaceAll('%s', '%u');
  return [
    {
      comment: 'Accounts come from LDAP (Postfix lookups)',
      vars: [
        ['ACCOUNT_PROVISIONER', 'LDAP'],
        ['LDAP_SERVER_HOST', ldap.uri],
        ['LDAP_START_TLS', yesNo(ldap.startTls)],
        ['LDAP_SEARCH_BASE', ldap.searchBase],
        ['LDAP_BIND_DN', ldap.bindDn],
        ['LDAP_BIND_PW', ldap.bindPassword],
        ['LDAP_QUERY_FILTER_USER', filters.user],
        ['LDAP_QUERY_FILTER_GROUP', filters.group],
        ['LDAP_QUERY_FILTER_ALIAS', filters.alias],
        ['LDAP_QUERY_FILTER_DOMAIN', filters.domain],
        ['LDAP_QUERY_FILTER_SENDERS', filters.senders],
      ],
    },
    {
      comment: 'Dovecot (IMAP/POP3 logins) asks the same directory',
      vars: [
        ['DOVECOT_TLS', yesNo(ldap.startTls)],
        ['DOVECOT_USER_FILTER', dovecotFilter],
        ['DOVECOT_PASS_FILTER', dovecotFilter],
      ],
    },
    {
      comment: 'saslauthd checks SMTP submission logins against the directory',
      vars: [
        ['ENABLE_SASLAUTHD', '1'],
        ['SASLAUTHD_MECHANISMS', 'ldap'],
        ['SASLAUTHD_LDAP_SERVER', ldap.uri],
        ['SASLAUTHD_LDAP_BIND_DN', ldap.bindDn],
        ['SASLAUTHD_LDAP_PASSWORD', ldap.bindPassword],
        ['SASLAUTHD_LDAP_SEARCH_BASE', ldap.searchBase],
        ['SASLAUTHD_LDAP_FILTER', filters.user.replaceAll('%s', '%u')],
        ['SASLAUTHD_LDAP_START_TLS', yesNo(ldap.startTls)],
      ],
    },
  ];
}

export function envGroups(answers: WizardAnswers): EnvGroup[] {
  const accounts: EnvGroup[] =
    answers.provisioner === 'ldap' && answers.ldap
      ? ldapGroups(answers.ldap)
      : [{ comment: 'Accounts live in the config volume (postfix-accounts.cf)', vars: [['ACCOUNT_PROVISIONER', 'FILE']] }];
  return [generalGroup(answers), ...accounts, filteringGroup(answers), tlsGroup(answers), ...relayGroup(answers)];
}

/** Variables whose values are secrets: the file holding them is written 0600 and they are masked when shown. */
export const SECRET_VARS: ReadonlySet<string> = new Set(['LDAP_BIND_PW', 'SASLAUTHD_LDAP_PASSWORD', 'RELAY_PASSWORD']);

export function envValueProblem(name: string, value: string): string | undefined {
  if (/[\r\n\0]/.test(value)) return `${name} cannot hold a line break`;
  if (value !== value.trim()) return `${name} cannot start or end with white space in mailserver.env`;
  return undefined;
}

export function renderEnv(groups: readonly EnvGroup[], header: string): string {
  const blocks = groups.map((group) => {
    const lines = group.vars.map(([name, value]) => {
      const problem = envValueProblem(name, value);
      if (problem) throw new Error(problem);
      return `${name}=${value}`;
    });
    return [`# ${group.comment}`, ...lines].join('\n');
  });
  return `${header
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n')}\n\n${blocks.join('\n\n')}\n`;
}

export function mailserverEnv(answers: WizardAnswers): string {
  return renderEnv(envGroups(answers), 'docker-mailserver settings, written by mailwiz.\nPlain VAR=VALUE lines: no quotes, no $ expansion.');
}

/** `VAR=VAL` lines as compose's env_file reads them (comments and blank lines skipped). */
export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) continue;
    env[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1);
  }
  return env;
}

export function hasSecrets(env: Record<string, string>): boolean {
  return Object.entries(env).some(([name, value]) => SECRET_VARS.has(name) && value !== '');
}
