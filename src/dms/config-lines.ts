/** The line rules DMS applies to every config file it reads. */

/** Lines that carry an entry: not blank, not a comment. Surrounding white space trimmed, CRLF tolerated. */
export function entryLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Text with LF line ends and a final newline (empty stays empty), as DMS normalises files before editing. */
export function normalised(text: string): string {
  const lf = text.replace(/\r\n/g, '\n');
  return lf === '' || lf.endsWith('\n') ? lf : `${lf}\n`;
}
