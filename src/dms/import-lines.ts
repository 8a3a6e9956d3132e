/**
 * The lines of an import file (`--from-file`) that hold something, with their 1-based numbers: a CR before the
 * newline is dropped, empty lines and lines starting with `#` are skipped.
 */
export function importLines(text: string): { text: string; number: number }[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.flatMap((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    return line.trim() === '' || line.startsWith('#') ? [] : [{ text: line, number: index + 1 }];
  });
}
