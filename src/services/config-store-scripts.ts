import { replaceFromStdin } from '../target/write-script.js';

/**
 * Fixed shell programs the config store runs through the target. Paths and versions arrive as positional
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

/**
 * Compare-and-swap write: under an flock shared by every mailwiz, and after any lock DMS's own `delmailuser` holds
 * (stale after a minute, as DMS itself treats it), replaces the file atomically only if it still has the version we
 * read. Exit 3: someone changed it meanwhile (read again and retry); exit 75: a lock was not released in time.
 */
export const COMPARE_AND_SWAP_SCRIPT = [
  'set -eu',
  'target=$1; expected=$2; mode=$3',
  'dir=$(dirname -- "$target")',
  'mkdir -p -- "$dir"',
  'exec 9>>"$dir/.mailwiz.lock"',
  'flock -w 30 9 || { echo "another mailwiz kept $dir locked for 30 s" >&2; exit 75; }',
  'waited=0',
  'while [ -e "$dir/delmailuser.lock" ] && [ -z "$(find "$dir/delmailuser.lock" -mmin +1 2>/dev/null)" ]; do',
  '  waited=$((waited + 1))',
  '  [ "$waited" -le 65 ] || { echo "DMS\'s delmailuser.lock in $dir was held for over a minute" >&2; exit 75; }',
  '  sleep 1',
  'done',
  'if [ -f "$target" ]; then current=$(sha256sum < "$target" | cut -d" " -f1); else current=-; fi',
  '[ "$current" = "$expected" ] || exit 3',
  ...replaceFromStdin(),
].join('\n');
