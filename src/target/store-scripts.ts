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

/** Exit status of the compare-and-swap when the file (or a file the change was computed from) changed meanwhile. */
export const CHANGED_MEANWHILE = 3;
/** Exit status when a lock was not released in time. */
export const LOCK_TIMEOUT = 75;

/**
 * Compare-and-swap write: under an flock shared by every mailwiz, and after any lock DMS's own `delmailuser` holds
 * (stale after a minute, as DMS itself treats it), replaces the file atomically only if it, and every context file
 * named after it, still has the version the change was computed from.
 *
 * Arguments: target, its expected version (sha256 or -), mode for a new file, private (0/1), byte count and sha256 of
 * the new content, then pairs of (context file, expected version).
 */
export const COMPARE_AND_SWAP_SCRIPT = [
  'set -eu',
  'umask 022',
  'target=$1; expected=$2; mode=$3; private=$4; size=$5; sum=$6',
  'shift 6',
  'dir=$(dirname -- "$target")',
  'mkdir -p -- "$dir"',
  'umask 077; exec 9>>"$dir/.mailwiz.lock"; umask 022',
  'chmod go-w -- "$dir/.mailwiz.lock" 2>/dev/null || true',
  `flock -w 30 9 || { echo "another mailwiz kept $dir locked for 30 s" >&2; exit ${LOCK_TIMEOUT}; }`,
  'waited=0',
  'while [ -e "$dir/delmailuser.lock" ] && [ -z "$(find "$dir/delmailuser.lock" -mmin +1 2>/dev/null)" ]; do',
  '  waited=$((waited + 1))',
  `  [ "$waited" -le 65 ] || { echo "DMS's delmailuser.lock in $dir was held for over a minute" >&2; exit ${LOCK_TIMEOUT}; }`,
  '  sleep 1',
  'done',
  ...removeAbandonedTemporaries(true),
  'version() { if [ -f "$1" ]; then sha256sum < "$1" | cut -d" " -f1; else echo -; fi; }',
  `[ "$(version "$target")" = "$expected" ] || exit ${CHANGED_MEANWHILE}`,
  'while [ $# -ge 2 ]; do',
  `  [ "$(version "$1")" = "$2" ] || exit ${CHANGED_MEANWHILE}`,
  '  shift 2',
  'done',
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
  if (script === COMPARE_AND_SWAP_SCRIPT) {
    const [target = '', , , , , , ...context] = args;
    return [target, ...context.filter((_, i) => i % 2 === 0)];
  }
  return undefined;
}
