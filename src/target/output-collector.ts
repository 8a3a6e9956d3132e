import { Writable } from 'node:stream';

/** A sink that keeps at most `limit` bytes and remembers whether it had to drop any. */
export class OutputCollector extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(
    private readonly limit: number,
    /** Sees every chunk as it arrives, kept or not. */
    private readonly onChunk?: (chunk: Buffer) => void,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.onChunk?.(chunk);
    const room = this.limit - this.size;
    if (room <= 0) {
      this.truncated = true;
    } else if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room));
      this.size = this.limit;
      this.truncated = true;
    } else {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    done();
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }
}
