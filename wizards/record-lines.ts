import { tableRows, type PlannedRecord } from '../src/dms/dns-plan.js';

/**
 * The planned records for an 80-column screen: the type and name on one line, the whole value below it (the full
 * table, from toTable, is printed when the wizard ends, where the terminal's own scroll-back keeps it).
 */
export function recordLines(records: readonly PlannedRecord[]): string[] {
  return tableRows(records).flatMap(([importance = '', type = '', name = '', value = '']) => [`${type.padEnd(5)} ${name}  (${importance})`, `      ${value}`]);
}
