/** The line rules DMS applies to every config file it reads. */

/** Lines that carry an entry: not blank, not a comment. Surrounding white space trimmed, CRLF tolerated. */
export function entryLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The text with a final newline, so that a line can be appended (empty stays empty); every other byte is kept. */
export function terminated(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
