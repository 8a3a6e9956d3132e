/**
 * The fixed shell program that writes a file atomically inside a container. User data never enters it: the path and
 * mode arrive as positional arguments and the content on stdin. The temporary file sits beside the target so that
 * `mv` is a rename on the same filesystem; an existing file's mode and owner carry over.
 */
export const ATOMIC_WRITE_SCRIPT = ['set -eu', 'target=$1; mode=$2', 'dir=$(dirname -- "$target")', ...replaceFromStdin()].join('\n');

/** The shell lines that replace "$target" in "$dir" with stdin: temp file beside it, mode and owner kept, rename. */
export function replaceFromStdin(): string[] {
  return [
    'tmp=$(mktemp "$dir/.mailwiz-write.XXXXXX")',
    'trap \'rm -f -- "$tmp"\' EXIT',
    'cat > "$tmp"',
    'if [ -e "$target" ]; then chmod --reference="$target" -- "$tmp"; chown --reference="$target" -- "$tmp"; else chmod "$mode" -- "$tmp"; fi',
    'mv -f -- "$tmp" "$target"',
    'trap - EXIT',
  ];
}

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
