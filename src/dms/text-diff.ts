/** A line diff for showing what rewriting a file would change: `-` old, `+` new, ` ` context (LCS, small files). */

export interface DiffLine {
  kind: ' ' | '-' | '+';
  text: string;
}

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a[a.length - 1] === '') a.pop();
  if (b[b.length - 1] === '') b.pop();
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: ' ', text: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ kind: '-', text: a[i++]! });
    } else {
      out.push({ kind: '+', text: b[j++]! });
    }
  }
  return out;
}

/** Only the changed lines with `context` lines around them; `…` marks what was left out. */
export function diffHunks(lines: readonly DiffLine[], context = 2): string[] {
  const keep = lines.map((line, index) =>
    lines.slice(Math.max(0, index - context), index + context + 1).some((l) => l.kind !== ' ') ? line : undefined,
  );
  const out: string[] = [];
  let skipped = false;
  keep.forEach((line) => {
    if (line) {
      out.push(`${line.kind} ${line.text}`);
      skipped = false;
    } else if (!skipped) {
      out.push('…');
      skipped = true;
    }
  });
  return out;
}

/** The value part of `NAME=value` lines is hidden when the name is a secret. */
export function maskSecrets(line: string, secretNames: ReadonlySet<string>): string {
  const match = /^([-+ ] )?([A-Z0-9_]+)=(.+)$/.exec(line);
  if (match && secretNames.has(match[2]!)) return `${match[1] ?? ''}${match[2]}=••••••••`;
  return line;
}
