/** One line of the pre-flight report. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface PreflightCheck {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, in plain words; for warn/fail also what to do. */
  message: string;
}

export const GIB = 1024 ** 3;
/** ClamAV's signatures need about 2.5 GB of memory on their own. */
export const CLAMAV_MIN_MEMORY = 4 * GIB;
export const MIN_MEMORY = 1 * GIB;
export const MIN_DISK = 5 * GIB;

export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}
