/**
 * How to call Exim in a container: which binary, with which `-C` configuration. docker-dovecot builds Exim from source
 * into /usr/exim/bin/exim and starts it with `-C /etc/exim/config.d/exim.conf`; Debian's package is /usr/sbin/exim4
 * with its own configuration. The running daemon's command line says it best; a label can say it instead.
 */

export interface EximCommand {
  binary: string;
  /** The `-C` file; absent when the binary's built-in configuration is used. */
  config?: string;
  /** How it was found, shown beside the commands a view runs. */
  source: 'label' | 'daemon' | 'path';
}

/** The container label that names Exim's configuration (`mailwiz.exim.config=/path`). */
export const EXIM_CONFIG_LABEL = 'mailwiz.exim.config';

/** Where Exim binaries are looked for when no daemon runs, in this order. */
export const EXIM_BINARIES = ['/usr/exim/bin/exim', '/usr/sbin/exim4', '/usr/sbin/exim', '/usr/bin/exim'] as const;
export const EXIM_CONFIGS = ['/etc/exim/config.d/exim.conf'] as const;

const EXIM_NAME = /(^|\/)exim4?$/;

/** argv for one Exim call. */
export function eximArgv(command: EximCommand, ...args: string[]): string[] {
  return [command.binary, ...(command.config ? ['-C', command.config] : []), ...args];
}

/** The command as a user would type it, for the line that shows what a view runs. */
export function describeExim(command: EximCommand, ...args: string[]): string {
  return eximArgv(command, ...args).join(' ');
}

/**
 * From the container's process command lines (one per line, words separated by spaces), the files that exist among
 * EXIM_BINARIES and EXIM_CONFIGS, and the container's labels.
 */
export function findEximCommand(input: { processes: readonly string[]; existing: readonly string[]; labels?: Readonly<Record<string, string>> }): EximCommand | undefined {
  const daemon = input.processes
    .map((line) => line.trim().split(/\s+/))
    .find((argv) => EXIM_NAME.test(argv[0] ?? '') && argv.some((word) => /^-bd/.test(word)));
  const labelled = input.labels?.[EXIM_CONFIG_LABEL]?.trim();
  if (daemon) {
    const at = daemon.indexOf('-C');
    const config = labelled || (at >= 0 ? daemon[at + 1] : undefined);
    return { binary: daemon[0] ?? '', config, source: labelled ? 'label' : 'daemon' };
  }
  const binary = EXIM_BINARIES.find((path) => input.existing.includes(path));
  if (!binary) return undefined;
  if (labelled) return { binary, config: labelled, source: 'label' };
  // A configuration at docker-dovecot's place goes with its own build; Debian's exim4 uses its built-in one.
  const config = binary === '/usr/exim/bin/exim' ? EXIM_CONFIGS.find((path) => input.existing.includes(path)) : undefined;
  return { binary, config, source: 'path' };
}
