import { importLines } from './import-lines.js';

/** One account to add, from a line `ADDRESS PASSWORD` of an import file. */
export interface AccountEntry {
  address: string;
  password: string;
  /** 1-based line in the file, for error messages. */
  line: number;
}

/**
 * Reads an import file for `setup email add --from-file`: a line per account, the address, then one space or tab,
 * then the password to the end of the line (so a password may hold spaces; a CR before the newline is dropped).
 * Empty lines and lines starting with `#` are skipped. A line without a password is an error naming its number;
 * the password itself never appears in one.
 */
export function parseAccountImport(text: string): { entries: AccountEntry[]; errors: string[] } {
  const entries: AccountEntry[] = [];
  const errors: string[] = [];
  for (const { text: line, number } of importLines(text)) {
    const match = /^([^ \t]+)[ \t](.*)$/s.exec(line);
    if (!match || match[2] === '') errors.push(`line ${number}: expected "ADDRESS PASSWORD"`);
    else entries.push({ address: match[1] ?? '', password: match[2] ?? '', line: number });
  }
  return { entries, errors };
}
