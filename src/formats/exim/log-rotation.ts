/**
 * Whether an Exim's log files are rotated. docker-dovecot's Exims write main.log, reject.log and panic.log into
 * /var/log/exim and nothing rotates them unless the admin adds a rule: they grow until the disk is full. One shell
 * run per container lists the files with their sizes and says whether a logrotate rule names the folder.
 */

export const EXIM_LOG_DIR = '/var/log/exim';

/** `$1` is the folder. Prints `BYTES PATH` per file, then `#rule` when /etc/logrotate.conf or logrotate.d names it. */
export const LOG_ROTATION_SCRIPT = [
  'for f in "$1"/*; do [ -f "$f" ] && stat -c "%s %n" "$f"; done',
  // The folder itself, not a longer name (Debian's exim4-base rotates /var/log/exim4).
  'if grep -qsE -- "$1(/|[[:space:]]|\\{|$)" /etc/logrotate.conf /etc/logrotate.d/* 2>/dev/null; then echo "#rule"; fi',
].join('\n');

export interface LogFolder {
  files: { path: string; bytes: number }[];
  rotationRule: boolean;
}

export function parseLogFolder(output: string): LogFolder {
  const folder: LogFolder = { files: [], rotationRule: false };
  for (const line of output.split('\n')) {
    if (line === '#rule') folder.rotationRule = true;
    const file = /^(\d+) (\/.+)$/.exec(line);
    if (file) folder.files.push({ path: file[2]!, bytes: Number(file[1]) });
  }
  return folder;
}

/** The logs Exim writes now: main.log, reject.log, panic.log (or mainlog … with Exim's own names). */
const CURRENT = /\/(main|reject|panic)\.?log$/;

export interface UnrotatedLog {
  /** The largest of the logs that nothing rotates. */
  path: string;
  bytes: number;
}

/**
 * The largest current log, when the folder shows no rotation at all: no logrotate rule names it and no rotated copy
 * (main.log.1, main.log-20261201, main.log.1.gz …) lies beside the logs. Undefined when they are rotated, or absent.
 */
export function unrotatedLog(folder: LogFolder): UnrotatedLog | undefined {
  if (folder.rotationRule) return undefined;
  const current = folder.files.filter((f) => CURRENT.test(f.path));
  if (current.length === 0 || folder.files.length > current.length) return undefined;
  return current.reduce((a, b) => (b.bytes > a.bytes ? b : a));
}
