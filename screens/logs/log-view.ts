import type { RingBuffer } from '../../src/dms/ring-buffer.js';

/**
 * The lines of a ring buffer that match a filter, kept up to date as lines arrive and old ones drop out: `sync()`
 * tests only the new lines. Positions are absolute (`seq` = `buffer.dropped + index`), so a paused view keeps its
 * place while the buffer moves on.
 */
export class FilteredLog<T> {
  private seqs: number[] = [];
  private head = 0;
  private scanned = 0;

  constructor(
    private readonly buffer: RingBuffer<T>,
    private readonly match: (item: T) => boolean,
  ) {
    this.sync();
  }

  /** Takes in the lines pushed since the last call; forgets lines the buffer dropped. */
  sync(): void {
    const first = this.buffer.dropped;
    const total = this.buffer.total;
    for (let seq = Math.max(this.scanned, first); seq < total; seq++) {
      if (this.match(this.buffer.at(seq - first) as T)) this.seqs.push(seq);
    }
    this.scanned = total;
    while (this.head < this.seqs.length && this.seqs[this.head]! < first) this.head++;
    if (this.head > 1024 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
  }

  get length(): number {
    return this.seqs.length - this.head;
  }

  seqAt(index: number): number | undefined {
    return index < 0 || index >= this.length ? undefined : this.seqs[this.head + index];
  }

  at(index: number): T | undefined {
    const seq = this.seqAt(index);
    return seq === undefined ? undefined : this.buffer.at(seq - this.buffer.dropped);
  }

  slice(start: number, end: number): T[] {
    const items: T[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) items.push(this.at(i) as T);
    return items;
  }

  /** Index of the first matching line at or after `seq` (length when none). */
  indexAtOrAfter(seq: number): number {
    let low = this.head;
    let high = this.seqs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.seqs[mid]! < seq) low = mid + 1;
      else high = mid;
    }
    return low - this.head;
  }
}
