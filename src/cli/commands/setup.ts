import { statSync } from 'node:fs';
import { ConfigFolderTarget } from '../../target/index.js';
import { mailServer, type MailServer } from '../../services/mail-server.js';
import { printable } from '../../dms/validate.js';
import { connectTarget } from '../connect.js';
import { UsageError } from '../global-options.js';
import { logLine } from '../setup/dms-log.js';
import { runSetup } from '../setup/setup-command.js';
import { closeIo, processIo } from '../setup/setup-io.js';

/**
 * `mailwiz setup …`: DMS's `setup`. Where the server is: `-c NAME` (before or after `setup`), a container found
 * automatically, this machine when run inside the container, or `-p DIR`: a config folder on this machine, edited
 * directly without any container. With `-p` only files in DIR change; commands that need the running server say so.
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
  const io = processIo();
  if (configDir !== undefined && !isDirectory(configDir)) {
    io.err(`Specified directory '${printable(configDir)}' doesn't exist\n`);
    return 1;
  }
  const notify = (message: string): void => io.err(logLine('WARN ', 'setup', message));
  const connect = async (): Promise<MailServer> => {
    if (configDir !== undefined) return mailServer(new ConfigFolderTarget(configDir), configDir.replace(/(.)\/+$/, '$1'), { notify });
    return mailServer(await connectTarget({ container }), undefined, { notify });
  };
  try {
    return await runSetup(rest, io, connect);
  } finally {
    closeIo();
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
