import type { Stack } from '../stacks/stack.js';
import { dirname, join } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { visibleText } from '../dms/terminal-text.js';
import { ServiceError } from '../services/errors.js';
import { isTargetError } from '../target/index.js';
import { parseGlobalOptions, UsageError } from './global-options.js';
import { preferLiveTerminal } from './live-terminal.js';
import { commandSpec, topUsage } from './command-table.js';

/** Faces drawn live with Ink. */
const LIVE_FACES = new Set(['console', 'wizard', 'demo']);

/** Picks a face from the command line and runs it; resolves to the process exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  try {
    const { options, rest } = parseGlobalOptions(argv);
    if (options.version) {
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    // The engine every later connection talks to (src/target/docker-context.ts reads it).
    if (options.context) process.env.MAILWIZ_DOCKER_CONTEXT = options.context;
    const [command] = rest;
    if (options.debug) process.env.MAILWIZ_DEBUG = '1';
    // A live screen owns the terminal: its debug lines go to a file beside the audit log.
    if (process.env.MAILWIZ_DEBUG === '1' && !process.env.MAILWIZ_DEBUG_FILE && process.stdout.isTTY && (command === undefined || LIVE_FACES.has(command))) {
      const { auditLogPath } = await import('../services/audit-log.js');
      process.env.MAILWIZ_DEBUG_FILE = join(dirname(auditLogPath()), 'debug.log');
      process.stderr.write(`mailwiz: debug lines go to ${process.env.MAILWIZ_DEBUG_FILE}\n`);
    }
    if (process.stdout.isTTY && (command === undefined || LIVE_FACES.has(command))) preferLiveTerminal();
    if (command === undefined && !options.help && process.stdin.isTTY && process.stdout.isTTY) {
      return await (await import('./commands/first-face.js')).firstFace(options);
    }
    // Help never connects to anything: it is answered before any command runs.
    // `setup X --help` is answered by setup's own grammar; `setup --help` alone needs none of it.
    const setupHelpAlone = command === 'setup' && (rest.length === 1 ? options.help : rest.length === 2 && (rest[1] === '--help' || rest[1] === '-h'));
    if (command === 'help' || (options.help && command !== 'setup') || setupHelpAlone) {
      const about = command === 'help' ? rest[1] : command;
      if (about !== undefined && !commandSpec(about)) throw new UsageError(`no command "${about}"`);
      process.stdout.write(about === undefined ? topUsage() : await commandHelp(about));
      return 0;
    }
    if (command === undefined) {
      process.stdout.write(topUsage());
      return 0;
    }
    if (options.help) rest.splice(1, 0, '--help');
    let stack: Stack | undefined;
    if (options.stack && command !== 'status' && !options.container) {
      // The stack found here is the console's too: one discovery, not two.
      const picked = await (await import('./connect.js')).stackMainContainer(options.stack);
      options.container = picked.container;
      stack = picked.stack;
    }
    switch (command) {
      case 'setup':
        return await (await import('./commands/setup.js')).setupCommand(rest.slice(1), options.container);
      case 'console':
        return await (await import('./commands/console.js')).consoleCommand({
          container: options.container,
          readOnly: options.readOnly,
          stack,
          screen: rest[1],
        });
      case 'install-setup':
        return await (await import('./commands/install-setup.js')).installSetupCommand(options.container);
      case 'check':
        return await (await import('./commands/check.js')).checkCommand(rest.slice(1), {
          container: options.container,
          json: options.json,
        });
      case 'cert':
        return await (await import('./commands/cert.js')).certCommand(rest.slice(1), { container: options.container, json: options.json });
      case 'wizard':
        return await (await import('./commands/wizard.js')).wizardCommand(rest.slice(1), { container: options.container });
      case 'init':
        return await (await import('./commands/init.js')).initCommand(rest.slice(1), { container: options.container });
      case 'demo':
        return await (await import('./commands/demo.js')).demoCommand(rest.slice(1), { container: options.container });
      case 'status':
        return await (await import('./commands/status.js')).statusCommand({ pick: options.stack ?? options.container, json: options.json, allContexts: rest.includes('--all-contexts') });
      case 'completion': {
        const { completionScript } = await import('./completion.js');
        const script = completionScript(rest[1] ?? '');
        if (!script || rest.length > 2) throw new UsageError(`completion: which shell? bash, zsh or fish`, 'completion');
        process.stdout.write(script);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = error.command ? await commandHelp(error.command) : topUsage();
      process.stderr.write(`mailwiz: ${visibleText(error.message)}\n\n${usage}`);
      return 2;
    }
    if (isTargetError(error) || error instanceof ServiceError) {
      process.stderr.write(`mailwiz: ${visibleText(error.message)}\n`);
      return 1;
    }
    throw error;
  }
}

/** A command's own help; check, cert and setup keep theirs beside their parsers. */
async function commandHelp(name: string): Promise<string> {
  if (name === 'check') return (await import('./commands/check-usage.js')).CHECK_USAGE;
  if (name === 'cert') return (await import('./commands/cert-usage.js')).CERT_USAGE;
  if (name === 'setup') return (await import('./setup/setup-help.js')).SETUP_HELP;
  return commandSpec(name)?.help ?? topUsage();
}
