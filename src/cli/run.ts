import pkg from '../../package.json' with { type: 'json' };
import { visibleText } from '../dms/terminal-text.js';
import { ServiceError } from '../services/errors.js';
import { isTargetError } from '../target/index.js';
import { parseGlobalOptions, UsageError } from './global-options.js';
import { preferLiveTerminal } from './live-terminal.js';
import { USAGE } from './usage.js';

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
    const [command] = rest;
    if (process.stdout.isTTY && (command === undefined || LIVE_FACES.has(command))) preferLiveTerminal();
    if (command === undefined && !options.help && process.stdin.isTTY && process.stdout.isTTY) {
      return await (await import('./commands/first-face.js')).firstFace(options);
    }
    if (options.help || command === undefined || command === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (options.stack && command !== 'status') {
      options.container ??= await (await import('./connect.js')).stackMainContainer(options.stack);
    }
    switch (command) {
      case 'setup':
        return await (await import('./commands/setup.js')).setupCommand(rest.slice(1), options.container);
      case 'console':
        return await (await import('./commands/console.js')).consoleCommand({
          container: options.container,
          readOnly: options.readOnly || rest.includes('--read-only'),
          screen: rest.slice(1).find((word) => !word.startsWith('-')),
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
        return await (await import('./commands/status.js')).statusCommand({ pick: options.stack ?? options.container, json: options.json });
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`mailwiz: ${visibleText(error.message)}\n\n${USAGE}`);
      return 2;
    }
    if (isTargetError(error) || error instanceof ServiceError) {
      process.stderr.write(`mailwiz: ${visibleText(error.message)}\n`);
      return 1;
    }
    throw error;
  }
}
