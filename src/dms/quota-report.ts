/** Parses `doveadm -f tab quota get -A`: one call for every user, instead of one per user. */

export interface QuotaUsage {
  /** KiB in use. */
  usedKiB: number;
  /** KiB allowed, or undefined for no limit. */
  limitKiB: number | undefined;
  percent: number;
}

export function parseQuotaReport(text: string): Map<string, QuotaUsage> {
  const [header = '', ...rows] = text.split('\n').filter((line) => line.trim() !== '');
  const columns = header.split('\t').map((c) => c.trim().toLowerCase());
  const at = (name: string): number => columns.indexOf(name);
  const [user, type, value, limit, percent] = [at('username'), at('type'), at('value'), at('limit'), at('%')];
  const usage = new Map<string, QuotaUsage>();
  if ([user, type, value, limit, percent].some((i) => i < 0)) return usage;
  for (const row of rows) {
    const cells = row.split('\t');
    if (cells[type]?.trim() !== 'STORAGE') continue;
    const limitCell = cells[limit]?.trim() ?? '-';
    usage.set(cells[user]?.trim() ?? '', {
      usedKiB: Number(cells[value] ?? 0),
      limitKiB: limitCell === '-' || limitCell === '' ? undefined : Number(limitCell),
      percent: Number(cells[percent] ?? 0),
    });
  }
  return usage;
}

const UNITS = 'KMGTPEZY';

/** Bytes as `numfmt --to=iec` writes them (1.0K, 2.5M, 10M, 0), which DMS's `email list` shows. */
export function iec(bytes: number): string {
  if (bytes < 1024) return String(Math.ceil(bytes));
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (value < 10) {
    const rounded = Math.ceil(value * 10) / 10;
    return rounded < 10 ? `${rounded.toFixed(1)}${UNITS[unit]}` : `10${UNITS[unit]}`;
  }
  const rounded = Math.ceil(value);
  return rounded >= 1024 && unit < UNITS.length - 1 ? `1.0${UNITS[unit + 1]}` : `${rounded}${UNITS[unit]}`;
}
