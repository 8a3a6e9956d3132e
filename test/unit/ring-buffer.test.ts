import { describe, expect, it } from 'vitest';
import { DEFAULT_RING_CAPACITY, RingBuffer } from '../../src/dms/ring-buffer.js';

const filled = (capacity: number, count: number): RingBuffer<number> => {
  const ring = new RingBuffer<number>(capacity);
  ring.pushAll(Array.from({ length: count }, (_, i) => i));
  return ring;
};

describe('RingBuffer', () => {
  it('holds 20,000 items by default', () => {
    expect(DEFAULT_RING_CAPACITY).toBe(20_000);
    expect(new RingBuffer<string>().capacity).toBe(20_000);
  });

  it('keeps everything until full', () => {
    const ring = filled(5, 3);
    expect(ring.toArray()).toEqual([0, 1, 2]);
    expect([ring.length, ring.dropped, ring.total]).toEqual([3, 0, 3]);
    expect(new RingBuffer<number>(5).toArray()).toEqual([]);
  });

  it('drops the oldest items once full and counts them', () => {
    const ring = filled(5, 13);
    expect(ring.toArray()).toEqual([8, 9, 10, 11, 12]);
    expect([ring.length, ring.dropped, ring.total]).toEqual([5, 8, 13]);
  });

  it('works with capacity 1', () => {
    const ring = filled(1, 4);
    expect(ring.toArray()).toEqual([3]);
    expect(ring.dropped).toBe(3);
  });

  it('gives items by logical index, negative from the newest', () => {
    const ring = filled(4, 6);
    expect([ring.at(0), ring.at(3), ring.at(-1), ring.at(-4)]).toEqual([2, 5, 5, 2]);
    expect([ring.at(4), ring.at(-5), ring.at(1.5)]).toEqual([undefined, undefined, undefined]);
  });

  it('slices a visible window with Array#slice semantics across the wrap', () => {
    const ring = filled(6, 10);
    const same = [4, 5, 6, 7, 8, 9];
    for (const [start, end] of [[0, 6], [1, 4], [-3, undefined], [-10, 2], [4, 100], [3, 1], [0, -2], [2, 2]] as [number, number | undefined][]) {
      expect(ring.slice(start, end), `${start}..${end}`).toEqual(same.slice(start, end));
    }
    expect(ring.slice()).toEqual(same);
  });

  it('lets a paused view keep its place through dropped + index', () => {
    const ring = filled(5, 5);
    const absoluteTop = ring.dropped + 2;
    ring.pushAll([5, 6]);
    expect(ring.at(absoluteTop - ring.dropped)).toBe(2);
  });

  it('clears items and counters', () => {
    const ring = filled(3, 7);
    ring.clear();
    expect([ring.length, ring.dropped, ring.toArray()]).toEqual([0, 0, []]);
    ring.push(1);
    expect(ring.toArray()).toEqual([1]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 2.5, Number.NaN]) expect(() => new RingBuffer(capacity)).toThrow(RangeError);
  });

  it('keeps only the newest lines of a million, counting what it dropped', () => {
    const ring = new RingBuffer<number>();
    for (let i = 0; i < 1_000_000; i++) ring.push(i);
    expect([ring.length, ring.dropped, ring.at(0), ring.at(-1)]).toEqual([20_000, 980_000, 980_000, 999_999]);
  });
});
