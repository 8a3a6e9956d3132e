/**
 * Merges several log streams into one in time order. Each stream is already in its own order; lines arrive from
 * the streams with different delays (a file tail, the engine's log stream), so every line waits a short window
 * before it is released, and released lines are merged by their time. A stream's own order is never changed.
 */

export interface Timed {
  /** The time to order by (ms since the epoch). */
  sortTime: number;
}

interface Pending<T> {
  item: T;
  arrivedAt: number;
}

export class LogMerger<T extends Timed> {
  private readonly queues: Pending<T>[][];
  private readonly heads: number[];

  constructor(
    sources: number,
    /** How long a line waits for earlier lines of other streams (ms). */
    readonly windowMs: number,
  ) {
    this.queues = Array.from({ length: sources }, () => []);
    this.heads = new Array<number>(sources).fill(0);
  }

  add(source: number, item: T, arrivedAt: number): void {
    this.queues[source]!.push({ item, arrivedAt });
  }

  /** Lines waiting in the window. */
  get pending(): number {
    return this.queues.reduce((sum, queue, i) => sum + queue.length - this.heads[i]!, 0);
  }

  /** Releases, in merged time order, every line that arrived at or before `now - windowMs` (all with `flush`). */
  drain(now: number, flush = false): T[] {
    const cutoff = flush ? Number.POSITIVE_INFINITY : now - this.windowMs;
    const out: T[] = [];
    for (;;) {
      const source = this.earliestReady(cutoff);
      if (source < 0) break;
      out.push(this.queues[source]![this.heads[source]!]!.item);
      this.heads[source]!++;
    }
    this.compact();
    return out;
  }

  /** The stream whose next ready line is the earliest, or -1. Ties go to the lower stream index. */
  private earliestReady(cutoff: number): number {
    let best = -1;
    let bestTime = Number.POSITIVE_INFINITY;
    for (let s = 0; s < this.queues.length; s++) {
      const next = this.queues[s]![this.heads[s]!];
      if (next === undefined || next.arrivedAt > cutoff) continue;
      if (best < 0 || next.item.sortTime < bestTime) {
        best = s;
        bestTime = next.item.sortTime;
      }
    }
    return best;
  }

  private compact(): void {
    for (let s = 0; s < this.queues.length; s++) {
      const head = this.heads[s]!;
      if (head === 0) continue;
      this.queues[s]!.splice(0, head);
      this.heads[s] = 0;
    }
  }
}
