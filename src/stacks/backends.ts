import type { Stack } from './stack.js';

/** The console's screens that depend on what a stack runs. */
export type BackendScreen = 'accounts' | 'queue' | 'logs' | 'bans' | 'health';

/**
 * Why a screen has nothing to show for this stack, in one line, or undefined when it works here. DMS has every
 * backend; the Kopano stack's queue, logs and health are its Postfix (mlan/postfix-amavis), its accounts Kopano's
 * (screens/accounts/kopano-accounts-screen.tsx); the rest is said plainly.
 */
export function backendGap(stack: Stack | undefined, screen: string): string | undefined {
  if (!stack || stack.kind === 'dms') return undefined;
  const gaps = stack.kind === 'kopano' ? kopanoGaps() : DOCKER_DOVECOT_GAPS;
  return gaps[screen as BackendScreen];
}

function kopanoGaps(): Partial<Record<BackendScreen, string>> {
  return {
    bans: 'This Kopano stack has no ban service (no fail2ban in mlan/postfix-amavis or mlan/kopano): block addresses at the host firewall, or with smtpd_client_restrictions in the mta container.',
  };
}

const DOCKER_DOVECOT_GAPS: Partial<Record<BackendScreen, string>> = {
  accounts: 'docker-dovecot keeps its users in LDAP (memberOf the mail group): mailwiz cannot list them yet.',
  bans: "docker-dovecot has no fail2ban; blocking through Rspamd's multimap lists is not supported yet.",
};

/** busybox syslogd passes only messages more urgent than SYSLOG_LEVEL; Postfix logs deliveries at info (6). */
const POSTFIX_INFO = 6;

/**
 * What a screen should warn about on this stack, in one line each: the mlan MTA logs through busybox syslogd at
 * SYSLOG_LEVEL (default 5), which hides Postfix's info lines, deliveries (status=sent) among them.
 */
export function stackNotices(stack: Stack | undefined, screen: string): string[] {
  if (!stack || stack.kind !== 'kopano' || (screen !== 'logs' && screen !== 'health')) return [];
  const mta = stack.members.find((m) => m.role === 'mta');
  if (!mta) return [];
  const level = Number(mta.info.env.SYSLOG_LEVEL ?? '5');
  if (Number.isFinite(level) && level > POSTFIX_INFO) return [];
  return [
    `${mta.name} logs at SYSLOG_LEVEL=${mta.info.env.SYSLOG_LEVEL ?? '5 (the default)'}: Postfix's info lines (deliveries, status=sent) are not logged. ` +
      'Set SYSLOG_LEVEL=7 in its environment and re-create it (docker compose up -d).',
  ];
}
