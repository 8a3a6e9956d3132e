/**
 * The fixed shell programs that write files inside a container (and, through `sh`, on this machine). User data never
 * enters them: paths, modes, sizes and checksums arrive as positional arguments and the content on stdin.
 *
 * A write commits only complete content. The client passes the byte count and sha256 of what it sends; the program
 * checks both on the temporary file before renaming it over the target, so a client that dies mid-send (kill -9, a
 * dropped ssh session, OOM) leaves the old file untouched: `sh` sees end-of-input, the check fails, the temporary
 * file is removed. The temporary file sits beside the target (a rename on the same filesystem); the next writer removes
 * what a killed one left behind.
 */

/** Exit status when the content did not arrive whole: nothing was changed. */
export const INCOMPLETE_CONTENT = 4;

/** Temporary files of writers that hold the folder's lock (the config store): any one left is abandoned. */
export const LOCKED_TEMPORARY = '.mailwiz-write.';
/** Temporary files of writers without a lock (`Target.writeFile`): abandoned when the PID in the name no longer runs. */
export const UNLOCKED_TEMPORARY = '.mailwiz-atomic.';

/**
 * Removes what killed writers left in "$dir". With `holdingLock`, every locked writer's temporary file (only one
 * writer holds the lock, and it is us); always, unlocked writers' files whose PID is gone. A PID check alone is not
 * enough for locked writers: PIDs (and thread IDs, which share /proc) are reused within minutes on a busy machine.
 */
export function removeAbandonedTemporaries(holdingLock: boolean): string[] {
  return [
    ...(holdingLock ? [`rm -f -- "$dir"/${LOCKED_TEMPORARY}*`] : []),
    `for f in "$dir"/${UNLOCKED_TEMPORARY}*; do`,
    '  [ -e "$f" ] || continue',
    `  pid=\${f##*/${UNLOCKED_TEMPORARY}}; pid=\${pid%%.*}`,
    '  case $pid in ""|*[!0-9]*) ;; *) [ -d "/proc/$pid" ] && continue ;; esac',
    '  rm -f -- "$f"',
    'done',
  ];
}

/**
 * The shell lines that replace "$target" in "$dir" with stdin, given "$size" and "$sum" (sha256) of the content,
 * "$mode" for a new file and "$private" (1: an existing file readable by others is tightened to 0600, and a line
 * `mode <old> 600` is printed). An existing file's owner and (otherwise) mode carry over. Data and then the rename
 * are flushed to disk.
 */
export function replaceFromStdin(prefix: string): string[] {
  return [
    // The traps come before the temporary exists: a signal that arrives as soon as it exists still removes it.
    "tmp=''",
    'trap \'[ -z "$tmp" ] || rm -f -- "$tmp"\' EXIT',
    "trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM",
    `tmp=$(mktemp "$dir/${prefix}$$.XXXXXX")`,
    'cat > "$tmp"',
    'got=$(wc -c < "$tmp" | tr -d " ")',
    `[ "$got" = "$size" ] || { echo "only $got of $size bytes arrived; $target is unchanged" >&2; exit ${INCOMPLETE_CONTENT}; }`,
    `[ "$(sha256sum < "$tmp" | cut -d" " -f1)" = "$sum" ] || { echo "the content arrived damaged; $target is unchanged" >&2; exit ${INCOMPLETE_CONTENT}; }`,
    'if [ -e "$target" ]; then',
    '  set -- $(stat -c "%a %u %g" -- "$target")',
    '  chown "$2:$3" -- "$tmp" 2>/dev/null || true',
    '  if [ "$private" = 1 ] && [ $((0$1 & 077)) -ne 0 ]; then chmod 600 -- "$tmp"; echo "mode $1 600"; else chmod "$1" -- "$tmp"; fi',
    'else',
    '  chmod "$mode" -- "$tmp"',
    'fi',
    'sync -- "$tmp" 2>/dev/null || sync',
    'mv -f -- "$tmp" "$target"',
    'trap - EXIT',
    'sync -- "$dir" 2>/dev/null || true',
  ];
}

/** Writes "$1" atomically: mode for a new file "$2", then the content's byte count "$3" and sha256 "$4". */
export const ATOMIC_WRITE_SCRIPT = [
  'set -eu',
  'umask 022',
  'target=$1; mode=$2; size=$3; sum=$4; private=0',
  'dir=$(dirname -- "$target")',
  ...removeAbandonedTemporaries(false),
  ...replaceFromStdin(UNLOCKED_TEMPORARY),
].join('\n');

/**
 * Follows a file until stdin closes: when mailwiz stops following, the engine closes the exec's stdin and the
 * `tail` inside the container ends with it instead of running forever.
 */
export const FOLLOW_FILE_SCRIPT = [
  'tail -n "$1" -F -- "$2" 2>&1 &',
  'pid=$!',
  'cat > /dev/null',
  'kill "$pid" 2>/dev/null',
].join('\n');
