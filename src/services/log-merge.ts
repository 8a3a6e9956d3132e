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
  /** Streams whose first lines (their backlog) are awaited before anything is released, until `holdUntil`. */
  private readonly awaited = new Set<number>();
  private holdUntil = 0;

  constructor(
    sources: number,
    /** How long a line waits for earlier lines of other streams (ms). */
    readonly windowMs: number,
  ) {
    this.queues = Array.from({ length: sources }, () => []);
    this.heads = new Array<number>(sources).fill(0);
  }

  add(source: number, item: T, arrivedAt: number): void {
    this.awaited.delete(source);
    this.queues[source]!.push({ item, arrivedAt });
  }

  /**
   * Holds every line until each of `sources` has said something (or `heard`), or until `until`: the backlogs of
   * several containers arrive seconds apart, and the first one must not fill the view before the others are merged in.
   */
  awaitFirstLines(sources: readonly number[], until: number): void {
    for (const s of sources) this.awaited.add(s);
    this.holdUntil = until;
  }

  /** A stream answered without a line (a file not there yet): it is not awaited any longer. */
  heard(source: number): void {
    this.awaited.delete(source);
  }

  /** Lines waiting in the window. */
  get pending(): number {
    return this.queues.reduce((sum, queue, i) => sum + queue.length - this.heads[i]!, 0);
  }

  /** Releases, in merged time order, every line that arrived at or before `now - windowMs` (all with `flush`). */
  drain(now: number, flush = false): T[] {
    if (!flush && this.awaited.size > 0 && now < this.holdUntil) return [];
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
