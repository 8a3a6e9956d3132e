import type { Target } from '../../target/index.js';
import { eximArgv, type EximCommand } from '../../formats/exim/exim-command.js';
import { summarizeCertificate, type CertificateSummary } from './configured-certificate.js';

/**
 * The certificate an Exim is configured to serve: `exim -bP -n tls_certificate` names the file, whose certificate
 * blocks are read in the same run (the key never leaves the container). A setting that is an expansion is shown as
 * it is, not evaluated.
 */

/** `$@` is the Exim command. Exit 0 with the PEM, 1 when unset, 3 with the setting when it is not a plain path. */
const PRINT_EXIM_CERTIFICATE = [
  'f=$("$@" -bP -n tls_certificate 2>/dev/null) || exit 2',
  '[ -z "$f" ] && exit 1',
  'case "$f" in /*\\$*|[!/]*) printf "%s" "$f"; exit 3;; esac',
  '[ -f "$f" ] && sed -n "/BEGIN CERTIFICATE/,/END CERTIFICATE/p" "$f"',
].join('\n');

export type EximCertificate =
  | { kind: 'served'; summary: CertificateSummary }
  | { kind: 'unset' }
  | { kind: 'expansion'; setting: string }
  | { kind: 'unknown' };

export async function eximCertificate(target: Target, command: EximCommand, now = new Date()): Promise<EximCertificate> {
  const result = await target.exec(['sh', '-c', PRINT_EXIM_CERTIFICATE, 'mailwiz-exim-certificate', ...eximArgv(command)]);
  if (result.exitCode === 1) return { kind: 'unset' };
  if (result.exitCode === 3) return { kind: 'expansion', setting: result.stdout };
  const summary = result.exitCode === 0 ? summarizeCertificate(result.stdout, now) : undefined;
  return summary ? { kind: 'served', summary } : { kind: 'unknown' };
}
