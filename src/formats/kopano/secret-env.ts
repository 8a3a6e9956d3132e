/**
 * The Kopano stack's secret files: one `secrets/<service>.env` per service that needs a password, referenced by
 * compose.yaml's `env_file:` and written 0600, so that no password stands in compose.yaml (which `docker inspect`
 * readers, backups and diffs see). Plain `NAME=value` lines that every compose version reads alike.
 */

export const SECRET_DIR = 'secrets';

/** The variables these files hold: masked wherever a file is shown. */
export const KOPANO_SECRET_VARS: ReadonlySet<string> = new Set(['MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'LDAP_BIND_PASSWD', 'LDAP_BIND_PW', 'LDAPROOT_PW']);

export function secretFileOf(service: string): string {
  return `${SECRET_DIR}/${service}.env`;
}

export function renderSecretEnv(service: string, vars: Readonly<Record<string, string>>): string {
  const lines = Object.entries(vars).map(([name, value]) => {
    if (/[\r\n\0$'"\\`]/.test(value) || value !== value.trim()) throw new Error(`${name} of ${service} cannot be written to an env file`);
    return `${name}=${value}`;
  });
  return `# Secrets of the ${service} service, written by mailwiz (mode 0600). compose.yaml reads them (env_file).\n${lines.join('\n')}\n`;
}

/** `NAME=value` lines (comments and blank lines skipped). */
export function parseSecretEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at > 0) vars[trimmed.slice(0, at)] = trimmed.slice(at + 1);
  }
  return vars;
}
