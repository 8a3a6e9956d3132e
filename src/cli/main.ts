import { run } from './run.js';

const code = await run(process.argv.slice(2));
process.exitCode = code;

/** Resolves once everything written to the stream so far has been handed to the system. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

// Done means done: a stray handle (an engine connection kept alive, a check still waiting on the network after
// Ctrl-C) must not keep mailwiz running. Output is flushed first; the timer does not hold the process itself.
await Promise.all([drained(process.stdout), drained(process.stderr)]);
setTimeout(() => process.exit(code), 1000).unref();
