import { createInterface, type Interface } from 'node:readline';

/** How `setup` talks to the person or script that runs it. */
export interface SetupIo {
  out(text: string): void;
  err(text: string): void;
  /** Asks for a secret: hidden on a terminal; otherwise the next line of standard input, as DMS reads it. */
  secret(prompt: string): Promise<string>;
  /** Asks a question; returns the answer line ('' at end of input). */
  ask(prompt: string): Promise<string>;
}

let lines: AsyncIterator<string> | undefined;
let reader: Interface | undefined;

async function nextStdinLine(): Promise<string> {
  if (!lines) {
    reader = createInterface({ input: process.stdin, terminal: false });
    lines = reader[Symbol.asyncIterator]();
  }
  const { value, done } = await lines.next();
  return done ? '' : value;
}

export function processIo(): SetupIo {
  const interactive = Boolean(process.stdin.isTTY);
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    async secret(prompt) {
      if (!interactive) return nextStdinLine();
      const { default: password } = await import('@inquirer/password');
      return password({ message: prompt.replace(/:\s*$/, ''), mask: false });
    },
    async ask(prompt) {
      if (!interactive) return nextStdinLine();
      const { default: input } = await import('@inquirer/input');
      return input({ message: prompt.trim() });
    },
  };
}

/** Lets the process exit once `setup` is done, even if stdin was opened for prompts. */
export function closeIo(): void {
  reader?.close();
}
