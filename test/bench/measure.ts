/** Small timing helpers for the benchmarks: wall-clock medians of repeated runs. */
export async function median(runs: number, task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export function report(title: string, rows: (string | number)[][], header: string[]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' && !Number.isInteger(c) ? c.toFixed(1) : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  process.stdout.write(`\n## ${title}\n\n`);
  for (const [n, row] of cells.entries()) {
    process.stdout.write(`| ${row.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' | ')} |\n`);
    if (n === 0) process.stdout.write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  }
}
