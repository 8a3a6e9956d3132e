import { ServiceError } from './errors.js';

/** How many problems a refused import lists before it says how many more there are. */
const PROBLEMS_SHOWN = 10;

/** Refuses a whole import (`--from-file`): one problem changes nothing, and the message names the lines. */
export function refuseAllOrNone(problems: readonly string[], verb: 'added' | 'changed' = 'added'): never {
  const more = problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more` : '';
  throw new ServiceError(`Nothing was ${verb}: ${problems.slice(0, PROBLEMS_SHOWN).join('; ')}${more}`);
}

/** What is wrong with an import's entries, by line: each entry's own problem, else a key already on an earlier line. */
export function entryProblems<E extends { line: number }>(entries: readonly E[], problemOf: (entry: E) => string | undefined, keyOf: (entry: E) => string): string[] {
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  for (const entry of entries) {
    const problem = problemOf(entry);
    const key = keyOf(entry);
    if (problem) problems.push(`line ${entry.line}: ${problem}`);
    else if (firstLine.has(key)) problems.push(`line ${entry.line}: '${key}' is also on line ${firstLine.get(key)}`);
    else firstLine.set(key, entry.line);
  }
  return problems;
}
