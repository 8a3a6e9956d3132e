import { runSetup } from '../../src/cli/setup/setup-command.js';
import type { SetupIo } from '../../src/cli/setup/setup-io.js';
import type { MailServer } from '../../src/services/mail-server.js';
import type { CliResult } from './setup-cli.js';

/**
 * DMS's `setup` command line run in this process against a real server (a container or a config folder): the same
 * code as `mailwiz setup`, without the cost of starting a process per command. `answers` are the lines typed at the
 * prompts, in order.
 */
export async function setupInProcess(server: MailServer, args: string[], answers: string[] = []): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const queue = [...answers];
  const io: SetupIo = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    secret: async () => queue.shift() ?? '',
    ask: async () => queue.shift() ?? '',
  };
  const exitCode = await runSetup(args, io, async () => server);
  return { stdout, stderr, exitCode };
}
