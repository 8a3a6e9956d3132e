import type { ExecOptions } from './target.js';

/**
 * The input side of an exec: fixed `stdin`, or the answer `reply` computes from the output. `feed` is given each
 * output chunk; `send` receives the bytes to write before closing standard input (undefined: close with nothing).
 */
export class ExecInput {
  private done = false;
  /** What `reply` threw: nothing was sent, and the exec rejects with it. */
  error: unknown;

  constructor(
    private readonly options: ExecOptions,
    private readonly send: (bytes: Buffer | string | undefined) => void,
  ) {}

  get open(): boolean {
    return this.options.stdin !== undefined || this.options.reply !== undefined;
  }

  /** Sends fixed input at once; a conversation waits for output. */
  start(): void {
    if (this.options.stdin !== undefined) this.finish(this.options.stdin);
  }

  feed(chunk: Buffer): void {
    const reply = this.options.reply;
    if (this.done || !reply) return;
    try {
      const answer = reply(chunk);
      if (answer !== undefined) this.finish(answer);
    } catch (error) {
      this.error = error;
      this.finish(undefined);
    }
  }

  private finish(bytes: Buffer | string | undefined): void {
    this.done = true;
    this.send(bytes);
  }
}
