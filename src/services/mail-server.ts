import { CONFIG_DIR } from '../dms/config-files.js';
import type { Target } from '../target/index.js';
import { ServiceError } from './errors.js';
import { ConfigStore, type ConfigStoreOptions } from './config-store.js';

/** What every service works with: a way to run commands on the server, and its config volume. */
export interface MailServer {
  target: Target;
  config: ConfigStore;
}

export function mailServer(target: Target, configDir: string = CONFIG_DIR, options: ConfigStoreOptions = {}): MailServer {
  return { target, config: new ConfigStore(target, configDir, options) };
}

/** DMS's effective settings (`/etc/dms-settings`, KEY='value' lines), falling back to the environment. */
export async function serverSettings(server: MailServer): Promise<Record<string, string>> {
  const settings: Record<string, string> = {};
  const text = await server.target.readFile('/etc/dms-settings').catch(() => '');
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)='(.*)'$/.exec(line.trim());
    if (match?.[1]) settings[match[1]] = match[2] ?? '';
  }
  if (Object.keys(settings).length > 0) return settings;
  return (await server.target.info()).env;
}

/** For what only the running server can do (fail2ban, DKIM keys, debug): refuses a config folder alone (`setup -p`). */
export function requireRunningServer(server: MailServer): MailServer {
  if (server.target.runsCommands) return server;
  throw new ServiceError(
    `This needs the running mail server: with -p, mailwiz changes only the files in ${server.config.dir} (use -c CONTAINER)`,
  );
}
