import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/target/line-splitter.js';
import { OutputCollector } from '../../src/target/output-collector.js';
import { parseDockerTimestamp } from '../../src/target/docker-inspect.js';

describe('LineSplitter', () => {
  it('joins lines split across chunks and keeps a partial line for later', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('one\ntw')).toEqual(['one']);
    expect(splitter.push('o\r\nthree')).toEqual(['two']);
    expect(splitter.flush()).toEqual(['three']);
    expect(splitter.flush()).toEqual([]);
  });
});

describe('OutputCollector', () => {
  it('keeps at most its limit and says it dropped the rest', async () => {
    const sink = new OutputCollector(5);
    await new Promise<void>((resolve) => sink.write(Buffer.from('abc'), () => resolve()));
    await new Promise<void>((resolve) => sink.write(Buffer.from('defgh'), () => resolve()));
    expect(sink.text()).toBe('abcde');
    expect(sink.truncated).toBe(true);
  });
});

describe('parseDockerTimestamp', () => {
  it('splits the engine timestamp off with nanosecond precision', () => {
    const a = parseDockerTimestamp('2026-11-22T14:01:02.123456789Z mail is up and running');
    expect(a.text).toBe('mail is up and running');
    expect(a.time?.toISOString()).toBe('2026-11-22T14:01:02.123Z');
    const b = parseDockerTimestamp('2026-11-22T14:01:02.1234568Z later');
    expect(b.nanos! > a.nanos!).toBe(true);
  });

  it('leaves a line without a timestamp alone', () => {
    expect(parseDockerTimestamp('plain line')).toEqual({ text: 'plain line' });
  });
});
