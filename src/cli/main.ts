import { run } from './run.js';

const code = await run(process.argv.slice(2));
process.exitCode = code;
// Done means done: a stray handle (an engine connection kept alive, a check still waiting on the network after
// Ctrl-C) must not keep mailwiz running. The timer does not hold the process itself; output has 2 s to drain.
setTimeout(() => process.exit(code), 2000).unref();
