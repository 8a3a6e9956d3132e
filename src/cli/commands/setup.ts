import { LocalTarget } from '../../target/index.js';
import { mailServer, type MailServer } from '../../services/mail-server.js';
import { connectTarget } from '../connect.js';
import { UsageError } from '../global-options.js';
import { runSetup } from '../setup/setup-command.js';
import { closeIo, processIo } from '../setup/setup-io.js';

/**
 * `mailwiz setup …`: DMS's `setup`. Where the server is: `-c NAME` (before or after `setup`), a container found
 * automatically, this machine when run inside the container, or `-p DIR`: a config folder on this machine, edited
 * directly without any container (commands that need the running server then fail clearly).
 */
export async function setupCommand(args: readonly string[], container: string | undefined): Promise<number> {
  const rest = [...args];
  let configDir: string | undefined;
  while (rest[0] === '-c' || rest[0] === '-p') {
    const [flag, value] = rest.splice(0, 2);
    if (!value) throw new UsageError(`${flag} needs a value`);
    if (flag === '-c') container = value;
    else configDir = value;
  }
  const connect = async (): Promise<MailServer> => {
    if (configDir) return mailServer(new LocalTarget(), configDir.replace(/\/+$/, ''));
    return mailServer(await connectTarget({ container }));
  };
  try {
    return await runSetup(rest, processIo(), connect);
  } finally {
    closeIo();
  }
}
