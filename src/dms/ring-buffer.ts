/**
 * A fixed-capacity buffer that keeps the newest items: the memory of a followed log.
 * `push` is O(1); once full, each push drops the oldest item and counts it in `dropped`.
 *
 * Indexes are logical: 0 is the oldest item still held. An item's absolute position in everything ever
 * pushed is `dropped + index`, which stays put while older items drop: a paused view keeps its place by
 * remembering the absolute position of its top line.
 */

/** 20,000 log lines: a few hours of a busy server, ~10 MB of short strings. */
export const DEFAULT_RING_CAPACITY = 20_000;

export class RingBuffer<T> {
  readonly capacity: number;
  private readonly items: (T | undefined)[];
  /** Physical index of the oldest item. */
  private start = 0;
  private size = 0;
  private droppedCount = 0;

  constructor(capacity: number = DEFAULT_RING_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity);
  }

  /** Items held now (≤ capacity). */
  get length(): number {
    return this.size;
  }

  /** Items pushed out by newer ones since creation or `clear()`. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Items ever pushed since creation or `clear()` (`dropped + length`). */
  get total(): number {
    return this.droppedCount + this.size;
  }

  push(item: T): void {
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = item;
      this.size++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.droppedCount++;
  }

  pushAll(items: Iterable<T>): void {
    for (const item of items) this.push(item);
  }

  /** The item at a logical index (negative counts from the newest, as `Array#at`). */
  at(index: number): T | undefined {
    const i = index < 0 ? this.size + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.size) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  /** Items from `start` to before `end`, oldest first, with `Array#slice` semantics: the visible window. */
  slice(start = 0, end = this.size): T[] {
    const from = clampIndex(start, this.size);
    const to = clampIndex(end, this.size);
    const window: T[] = [];
    for (let i = from; i < to; i++) window.push(this.items[(this.start + i) % this.capacity] as T);
    return window;
  }

  toArray(): T[] {
    return this.slice();
  }

  /** Empties the buffer and resets `dropped`. */
  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.size = 0;
    this.droppedCount = 0;
  }
}

function clampIndex(index: number, length: number): number {
  const truncated = Math.trunc(index);
  return truncated < 0 ? Math.max(0, length + truncated) : Math.min(truncated, length);
}
