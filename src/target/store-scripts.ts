import { LOCKED_TEMPORARY, removeAbandonedTemporaries, replaceFromStdin } from './write-script.js';

/**
 * The fixed shell programs of the config store (DMS's config volume). Paths and versions arrive as positional
 * arguments and content on stdin; nothing the user typed is ever part of the program text.
 */

/** Prints each named file as `<sha256 or -> <byte count>\n<content>`, so one exec reads several files. */
export const READ_FILES_SCRIPT = [
  'for f in "$@"; do',
  '  if [ -f "$f" ]; then',
  '    printf "%s %s\\n" "$(sha256sum < "$f" | cut -d" " -f1)" "$(wc -c < "$f" | tr -d " ")"',
  '    cat -- "$f"',
  '  else',
  '    printf -- "- 0\\n"',
  '  fi',
  'done',
].join('\n');

/** Exit status of an edit when a program other than mailwiz changed one of its files while the edit was computed. */
export const CHANGED_MEANWHILE = 3;
/** Exit status when a lock was not released in time. */
export const LOCK_TIMEOUT = 75;

/**
 * One edit in one exec. Under an flock shared by every mailwiz, and after any lock DMS's own `delmailuser` holds
 * (stale after a minute, as DMS itself treats it), prints the target and each context file as READ_FILES_SCRIPT does,
 * then waits for the client's answer on stdin: a line `<byte count> <sha256>` followed by the new content, or `-` (or
 * nothing) to leave the file alone. The new content replaces the target atomically, and only if no other program
 * changed these files meanwhile. Holding the lock from read to write, concurrent mailwiz edits queue instead of
 * retrying.
 *
 * Arguments: target, mode for a new file, private (0/1), then the context files.
 */
export const LOCKED_EDIT_SCRIPT = [
  'set -eu',
  'umask 022',
  'target=$1; mode=$2; private=$3',
  'shift 3',
  'dir=$(dirname -- "$target")',
  'mkdir -p -- "$dir"',
  'umask 077; exec 9>>"$dir/.mailwiz.lock"; umask 022',
  'chmod go-w -- "$dir/.mailwiz.lock" 2>/dev/null || true',
  `flock -w 60 9 || { echo "another mailwiz kept $dir locked for 60 s" >&2; exit ${LOCK_TIMEOUT}; }`,
  'waited=0',
  'while [ -e "$dir/delmailuser.lock" ] && [ -z "$(find "$dir/delmailuser.lock" -mmin +1 2>/dev/null)" ]; do',
  '  waited=$((waited + 1))',
  `  [ "$waited" -le 65 ] || { echo "DMS's delmailuser.lock in $dir was held for over a minute" >&2; exit ${LOCK_TIMEOUT}; }`,
  '  sleep 1',
  'done',
  ...removeAbandonedTemporaries(true),
  'version() { if [ -f "$1" ]; then sha256sum < "$1" | cut -d" " -f1; else echo -; fi; }',
  'versions=""',
  'for f in "$target" "$@"; do',
  '  v=$(version "$f"); versions="$versions $v"',
  '  if [ "$v" = - ]; then printf -- "- 0\\n"; else printf "%s %s\\n" "$v" "$(wc -c < "$f" | tr -d " ")"; cat -- "$f"; fi',
  'done',
  // No answer line (the client decided so, or went away before sending it): nothing to write.
  'read -r size sum || exit 0',
  'case $size in ""|-) exit 0 ;; esac',
  'now=""',
  'for f in "$target" "$@"; do now="$now $(version "$f")"; done',
  `[ "$now" = "$versions" ] || exit ${CHANGED_MEANWHILE}`,
  ...replaceFromStdin(LOCKED_TEMPORARY),
].join('\n');

/**
 * The files a store program reads or writes, given the argv it is run with (`sh -c SCRIPT NAME ARGS…`), or undefined
 * when the argv is not one of them. Lets a target that may only touch one folder check what it is asked to run.
 */
export function storeProgramPaths(argv: readonly string[]): string[] | undefined {
  const [shell, flag, script, , ...args] = argv;
  if (shell !== 'sh' || flag !== '-c') return undefined;
  if (script === READ_FILES_SCRIPT) return args;
  if (script === LOCKED_EDIT_SCRIPT) {
    const [target = '', , , ...context] = args;
    return [target, ...context];
  }
  return undefined;
}
