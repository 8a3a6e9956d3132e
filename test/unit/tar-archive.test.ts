import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tarArchive } from '../../src/target/tar-archive.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('tarArchive', () => {
  it('is read back by GNU tar byte for byte, with each mode, across block boundaries', () => {
    const files = [
      { name: 'mailwiz.js', content: Buffer.from('#!/usr/bin/env node\nconsole.log(1)\n') },
      { name: 'chunk-ÄB12.js', content: Buffer.alloc(512, 7) },
      { name: 'node', content: Buffer.from(Array.from({ length: 70_001 }, (_, i) => i % 251)), mode: 0o755 },
      { name: 'empty', content: Buffer.alloc(0) },
    ];
    dir = mkdtempSync(join(tmpdir(), 'mailwiz-tar-'));
    execFileSync('tar', ['-x', '-f', '-', '-C', dir], { input: tarArchive(files) });
    for (const file of files) expect(readFileSync(join(dir, file.name)).equals(file.content)).toBe(true);
    expect(statSync(join(dir, 'node')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'empty')).mode & 0o777).toBe(0o644);
  });

  it('is refused by tar when cut short, and refuses names that are not plain', () => {
    const whole = tarArchive([{ name: 'a.js', content: Buffer.alloc(4000, 1) }]);
    dir = mkdtempSync(join(tmpdir(), 'mailwiz-tar-'));
    expect(() => execFileSync('tar', ['-x', '-f', '-', '-C', dir!], { input: whole.subarray(0, 2000), stdio: ['pipe', 'ignore', 'ignore'] })).toThrow();
    expect(() => tarArchive([{ name: '../evil', content: Buffer.alloc(1) }])).toThrow(/plain file name/);
    expect(() => tarArchive([{ name: 'x'.repeat(101), content: Buffer.alloc(1) }])).toThrow(/at most 100 bytes/);
  });
});
