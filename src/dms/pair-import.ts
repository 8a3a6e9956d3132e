import { importLines } from './import-lines.js';

/** One `KEY VALUE` line of an import file (`alias add --from-file`, `quota set --from-file`). */
export interface PairEntry {
  key: string;
  value: string;
  /** 1-based line in the file, for error messages. */
  line: number;
}

/**
 * Reads an import file of two words per line (`ALIAS RECIPIENT`, `ADDRESS QUOTA`), separated by spaces or tabs.
 * Empty lines and lines starting with `#` are skipped; a CR before the newline is dropped. A line with fewer or more
 * words is an error naming its number and what was expected.
 */
export function parsePairImport(text: string, expected: string): { entries: PairEntry[]; errors: string[] } {
  const entries: PairEntry[] = [];
  const errors: string[] = [];
  for (const { text: line, number } of importLines(text)) {
    const words = line.trim().split(/[ \t]+/);
    if (words.length !== 2) errors.push(`line ${number}: expected "${expected}"`);
    else entries.push({ key: words[0] ?? '', value: words[1] ?? '', line: number });
  }
  return { entries, errors };
}
