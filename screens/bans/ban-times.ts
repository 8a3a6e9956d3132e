import type { BannedAddress } from '../../src/services/ban-details.js';
import { formatDuration } from '../../src/ui/format-duration.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-11-22 14:37:35` in this machine's time zone; `short` drops the year. */
export function formatStamp(date: Date, short = false): string {
  const day = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return short ? `${day} ${clock}` : `${date.getFullYear()}-${day} ${clock}`;
}

/** `6d 23h`, `permanent`, or `?` when fail2ban did not say. */
export function timeLeft(ban: BannedAddress, now = Date.now()): string {
  if (ban.banSeconds !== undefined && ban.banSeconds < 0) return 'permanent';
  if (!ban.until) return '?';
  return formatDuration(ban.until.getTime() - now);
}

export function bannedSince(ban: BannedAddress): string {
  return ban.since ? formatStamp(ban.since) : '?';
}
