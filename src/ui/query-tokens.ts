/**
 * The words of a `/` filter: `key:value` terms and plain words, `"quoted words"` kept together. Screens give the
 * keys a meaning (`from:bob`, `level:warn`, `age>1h` …); words without a known key are free text.
 */
export interface QueryTerm {
  /** Lower-case key, or undefined for a plain word. */
  key: string | undefined;
  /** `:` for `key:value`; `>` / `<` for comparisons (`age>1h`, `age:>1h`). */
  op: ':' | '>' | '<' | undefined;
  value: string;
}

const TERM = /"([^"]*)"?|(\S+)/g;
const KEYED = /^([A-Za-z_]+)(:[<>]?|[<>])(.*)$/s;

export function queryTerms(text: string, keys: readonly string[]): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const [, quoted, word] of text.matchAll(TERM)) {
    if (quoted !== undefined) {
      if (quoted !== '') terms.push({ key: undefined, op: undefined, value: quoted });
      continue;
    }
    const keyed = KEYED.exec(word!);
    const key = keyed?.[1]?.toLowerCase();
    if (keyed && key !== undefined && keys.includes(key)) {
      const op = keyed[2]!.endsWith('>') ? '>' : keyed[2]!.endsWith('<') ? '<' : ':';
      terms.push({ key, op, value: unquote(keyed[3]!) });
    } else {
      terms.push({ key: undefined, op: undefined, value: word! });
    }
  }
  return terms;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `90s`, `30m`, `2h`, `1d`, `1w` (a bare number is minutes) → seconds; undefined when not a duration. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhdw]?)$/i.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[(match[2] || 'm').toLowerCase()]!;
}
