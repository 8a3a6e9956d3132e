import { parseJailList, parseJailStatus, type JailStatus } from '../dms/fail2ban-status.js';
import { parseMailLog, type MailLogEntry } from '../dms/mail-log.js';
import { sanitizeForTerminal } from '../dms/terminal-text.js';
import { ipProblem, printable } from '../dms/validate.js';
import { adminAddresses, protectedHits, type AdminAddress } from './admin-addresses.js';
import { ban, checkAddresses, FAIL2BAN_LOG, MANUAL_JAIL, unban, type UnbanResult } from './bans.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

/** What the Bans screen shows: every jail's counters, and each banned address with its jail, ban time and time left. */

export const MAIL_LOG = '/var/log/mail/mail.log';

export interface BannedAddress {
  /** An address or a CIDR network. */
  address: string;
  jail: string;
  /** When the ban began; undefined when fail2ban did not say. */
  since?: Date;
  /** The ban time in seconds; -1 for a permanent ban. */
  banSeconds?: number;
  /** When the ban ends; undefined for a permanent ban or when fail2ban did not say. */
  until?: Date;
}

export interface BanOverview {
  /** False when fail2ban does not answer (off, stopped, or not installed). */
  running: boolean;
  /** Why it does not answer, as fail2ban-client said it. */
  problem?: string;
  jails: JailStatus[];
  bans: BannedAddress[];
  /** The commands this view runs, for the screen to show (transparency). */
  command: string;
}

const MARK = '@@mailwiz';

// One exec per refresh: the jail list, then every jail's status and its bans with their times.
const OVERVIEW_SCRIPT = `now=$(date +%z)
list=$(fail2ban-client status 2>&1) || { printf '${MARK} down\\n%s\\n' "$list"; exit 0; }
printf '${MARK} now %s\\n%s\\n' "$now" "$list"
for jail in $(printf '%s\\n' "$list" | sed -n 's/^.*Jail list:[[:space:]]*//p' | tr ',' ' '); do
  printf '${MARK} status %s\\n' "$jail"
  fail2ban-client status "$jail" || exit 1
  printf '${MARK} bans %s\\n' "$jail"
  fail2ban-client get "$jail" banip --with-time || exit 1
done`;

export const OVERVIEW_COMMAND = 'fail2ban-client status; per jail: fail2ban-client status JAIL; fail2ban-client get JAIL banip --with-time';

/** The text after each `@@mailwiz <kind> <arg>` line, in order. */
function sections(stdout: string): { kind: string; arg: string; text: string }[] {
  const result: { kind: string; arg: string; text: string }[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${MARK} `)) {
      const [kind = '', ...rest] = line.slice(MARK.length + 1).split(' ');
      result.push({ kind, arg: rest.join(' '), text: '' });
    } else if (result.length > 0) {
      result[result.length - 1]!.text += `${line}\n`;
    }
  }
  return result;
}

/** Minutes east of UTC of the server's local time (`date +%z`): fail2ban prints local times. */
export function parseUtcOffset(zone: string): number {
  const match = /^([+-])(\d\d)(\d\d)$/.exec(zone.trim());
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function localTime(text: string, offsetMinutes: number): Date {
  const [date = '', time = ''] = text.split(' ');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s] = time.split(':').map(Number);
  return new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s) - offsetMinutes * 60_000);
}

const WITH_TIME = /^(\S+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \+ (-?\d+) = (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s*$/;

/** `fail2ban-client get JAIL banip --with-time`: `IP \t2026-11-22 14:37:35 + 604800 = 2026-11-29 14:37:35` lines. */
export function parseBanTimes(output: string, jail: string, offsetMinutes: number): BannedAddress[] {
  const bans: BannedAddress[] = [];
  for (const line of output.split('\n')) {
    const match = WITH_TIME.exec(line.trim());
    if (!match) continue;
    const [, address = '', start = '', seconds = '', end = ''] = match;
    const banSeconds = Number(seconds);
    bans.push({
      address: sanitizeForTerminal(address),
      jail,
      since: localTime(start, offsetMinutes),
      banSeconds,
      until: banSeconds < 0 ? undefined : localTime(end, offsetMinutes),
    });
  }
  return bans;
}

/** The overview script's output as data: each jail's counters, and its banned addresses with times where known. */
export function parseOverview(stdout: string): Omit<BanOverview, 'command'> {
  const parts = sections(stdout);
  const down = parts.find((p) => p.kind === 'down');
  if (down) return { running: false, problem: sanitizeForTerminal(down.text.trim()), jails: [], bans: [] };
  const now = parts.find((p) => p.kind === 'now');
  const offset = parseUtcOffset(now?.arg ?? '');
  const order = parseJailList(now?.text ?? '');
  const jails: JailStatus[] = [];
  const bans: BannedAddress[] = [];
  for (const jail of order) {
    const status = parts.find((p) => p.kind === 'status' && p.arg === jail);
    if (!status) continue;
    const parsed = parseJailStatus(status.text);
    jails.push(parsed);
    const timed = parseBanTimes(parts.find((p) => p.kind === 'bans' && p.arg === jail)?.text ?? '', jail, offset);
    // The status list is the truth about who is banned; times come from --with-time when it has them.
    for (const address of parsed.bannedIps) {
      bans.push(timed.find((t) => t.address === address) ?? { address: sanitizeForTerminal(address), jail });
    }
  }
  return { running: true, jails, bans };
}

export async function banOverview(server: MailServer): Promise<BanOverview> {
  const result = await server.target.exec(['sh', '-c', OVERVIEW_SCRIPT], { timeoutMs: 30_000 });
  if (result.exitCode !== 0) {
    throw new ServiceError(`fail2ban-client failed: ${printable((result.stderr || result.stdout).trim().split('\n').at(-1) ?? '')}`);
  }
  return { ...parseOverview(result.stdout), command: OVERVIEW_COMMAND };
}

// ---------------------------------------------------------------------------------------------------
// Why: the log lines that mention an address
// ---------------------------------------------------------------------------------------------------

export interface ReasonLine {
  file: string;
  entry: MailLogEntry;
}

export interface BanReasons {
  lines: ReasonLine[];
  command: string;
}

const REASONS_SCRIPT = `address=$1; limit=$2; shift 2
printf '${MARK} now %s\\n' "$(date +%z)"
for file do
  printf '${MARK} file %s\\n' "$file"
  [ -r "$file" ] && grep -F -i -h -a -- "$address" "$file" | tail -n "$limit"
done
exit 0`;

const IPV4_CHAR = /[0-9]/;
const IPV6_CHAR = /[0-9A-Fa-f:]/;

/** Whether `line` mentions `address` as a whole (172.17.0.1 is not mentioned by 172.17.0.10 or 10.172.17.0.1). */
export function mentions(line: string, address: string): boolean {
  const v6 = address.includes(':');
  const haystack = v6 ? line.toLowerCase() : line;
  const needle = v6 ? address.toLowerCase() : address;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1] ?? '';
    const after = haystack.slice(at + needle.length, at + needle.length + 2);
    const ok = v6
      ? !IPV6_CHAR.test(before) && !IPV6_CHAR.test(after[0] ?? '')
      : !IPV4_CHAR.test(before) && before !== '.' && !IPV4_CHAR.test(after[0] ?? '') && !/^\.\d/.test(after);
    if (ok) return true;
  }
  return false;
}

/**
 * The last `limit` lines of fail2ban.log and mail.log that mention the address (the failures that led to the ban,
 * and fail2ban's Found/Ban lines), oldest first, parsed and sanitized.
 */
export async function banReasons(server: MailServer, address: string, limit = 30): Promise<BanReasons> {
  checkAddresses([address]);
  const files = [FAIL2BAN_LOG, MAIL_LOG];
  const result = await server.target.exec(['sh', '-c', REASONS_SCRIPT, 'sh', address, String(limit), ...files], { timeoutMs: 30_000 });
  if (result.exitCode !== 0) throw new ServiceError(`reading the logs failed: ${printable(result.stderr.trim())}`);
  const parts = sections(result.stdout);
  const offset = parseUtcOffset(parts.find((p) => p.kind === 'now')?.arg ?? '');
  const lines = parts
    .filter((p) => p.kind === 'file')
    .flatMap((p) =>
      parseMailLog(p.text, { utcOffsetMinutes: offset })
        .filter((entry) => mentions(entry.line, address))
        .map((entry) => ({ file: p.arg, entry })),
    );
  const ordered = lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (a.line.entry.time ?? 0) - (b.line.entry.time ?? 0) || a.index - b.index)
    .map(({ line }) => line);
  return { lines: ordered.slice(-limit), command: `grep -F -i -- ${address} ${files.join(' ')} | tail -n ${limit}` };
}

// ---------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------

/** Lifts a ban in one jail; resolves to how many addresses were lifted (0: it was not banned there). */
export async function unbanInJail(server: MailServer, jail: string, address: string): Promise<number> {
  checkAddresses([address]);
  if (!/^[A-Za-z0-9_.-]+$/.test(jail)) throw new ServiceError(`'${printable(jail)}' is not a jail name`);
  const result = await server.target.exec(['fail2ban-client', 'set', jail, 'unbanip', address]);
  if (result.exitCode !== 0) throw new ServiceError(`fail2ban-client set ${jail} unbanip ${address} failed: ${printable((result.stderr || result.stdout).trim())}`);
  return Number.parseInt(result.stdout.trim(), 10) || 0;
}

/** Lifts the ban in every jail that has it. */
export function unbanEverywhere(server: MailServer, address: string): Promise<UnbanResult[]> {
  return unban(server, [address]);
}

/** `172.17.0.1 (the Docker gateway …)`, at most three, then how many more. */
export function describeHits(hits: readonly AdminAddress[]): string {
  const named = hits.slice(0, 3).map((h) => `${h.address} (${h.why})`);
  return hits.length > 3 ? `${named.join(', ')} and ${hits.length - 3} more` : named.join(', ');
}

export class ProtectedAddressError extends ServiceError {
  override name = 'ProtectedAddressError';
  constructor(
    readonly address: string,
    readonly hits: AdminAddress[],
  ) {
    super(`${address} would ban ${describeHits(hits)}: that can lock you out; force it to ban anyway`);
  }
}

/** Why an address typed for a ban cannot be used; undefined when it can. */
export function banInputProblem(value: string): string | undefined {
  if (value.trim() === '') return 'Type an IPv4 or IPv6 address, or a network such as 203.0.113.0/24.';
  return ipProblem(value);
}

/**
 * Bans an address or network in DMS's manual jail (`custom`), as `setup fail2ban ban` does, but refuses the admin's
 * own addresses unless `force`. Resolves to a short outcome for the status line.
 */
export async function banAddress(server: MailServer, address: string, options: { force?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const problem = banInputProblem(address);
  if (problem) throw new ServiceError(problem);
  if (!options.force) {
    const hits = protectedHits(address, await adminAddresses(server, options.env));
    if (hits.length > 0) throw new ProtectedAddressError(address, hits);
  }
  const count = await ban(server, [address]);
  if (count === 0) throw new ServiceError(`${address} is already banned in ${MANUAL_JAIL}`);
  return `banned in ${MANUAL_JAIL}`;
}

