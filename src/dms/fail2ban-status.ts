/** Parsers for what `fail2ban-client status` prints: the jail list, and one jail's counters and banned addresses. */

export interface JailStatus {
  jail: string;
  currentlyFailed: number;
  totalFailed: number;
  currentlyBanned: number;
  totalBanned: number;
  bannedIps: string[];
}

/** The value after `<label>:` on a line of fail2ban's tree (`|- Jail list:\tcustom, dovecot`), or undefined. */
function field(output: string, label: string): string | undefined {
  for (const line of output.split('\n')) {
    const at = line.indexOf(`${label}:`);
    if (at >= 0 && /^[\s|`-]*$/.test(line.slice(0, at))) return line.slice(at + label.length + 1).trim();
  }
  return undefined;
}

function count(output: string, label: string): number {
  const value = Number(field(output, label));
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/** `fail2ban-client status`: the jail names, in fail2ban's order. */
export function parseJailList(output: string): string[] {
  return (field(output, 'Jail list') ?? '')
    .split(',')
    .map((jail) => jail.trim())
    .filter((jail) => jail !== '');
}

/** `fail2ban-client status <jail>`. */
export function parseJailStatus(output: string): JailStatus {
  const jail = /^Status for the jail:\s*(\S+)/m.exec(output)?.[1] ?? '';
  return {
    jail,
    currentlyFailed: count(output, 'Currently failed'),
    totalFailed: count(output, 'Total failed'),
    currentlyBanned: count(output, 'Currently banned'),
    totalBanned: count(output, 'Total banned'),
    bannedIps: (field(output, 'Banned IP list') ?? '').split(/\s+/).filter((ip) => ip !== ''),
  };
}
