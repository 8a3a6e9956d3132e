import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILES } from '../dms/config-files.js';
import { INSTALL_DIR, INSTALLER, INSTALLER_SCRIPT, withInstallerLine } from '../dms/user-patches.js';
import type { Target } from '../target/index.js';
import { ConfigStore } from './config-store.js';
import { ServiceError } from './errors.js';

/** The folder of the running, bundled mailwiz: what gets copied into the container. */
function bundleDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * Copies this mailwiz into the server's config volume and makes `setup` inside the container run it, now and after
 * every re-creation of the container (through user-patches.sh). Resolves to what `setup` inside now reports.
 */
export async function installSetup(target: Target): Promise<{ files: number; version: string }> {
  const dir = bundleDir();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.js'));
  if (!files.includes('mailwiz.js')) {
    throw new ServiceError(`install-setup needs the built mailwiz (dist/mailwiz.js); ${dir} has none. Run npm run build.`);
  }
  const mkdir = await target.exec(['mkdir', '-p', '--', INSTALL_DIR]);
  if (mkdir.exitCode !== 0) throw new ServiceError(`Cannot create ${INSTALL_DIR}: ${mkdir.stderr.trim()}`);
  for (const file of files) await target.writeFile(`${INSTALL_DIR}/${file}`, await readFile(join(dir, file)));
  await target.writeFile(INSTALLER, INSTALLER_SCRIPT, { mode: 0o755 });
  // Through the config store: the admin's own user-patches.sh keeps every byte, and a concurrent edit is not lost.
  await new ConfigStore(target).update(CONFIG_FILES.userPatches, withInstallerLine);

  const run = await target.exec(['bash', INSTALLER], { timeoutMs: 300_000 });
  if (run.exitCode !== 0) throw new ServiceError(`The installer failed in ${target.name}: ${(run.stderr || run.stdout).trim()}`);
  const check = await target.exec(['node', `${INSTALL_DIR}/mailwiz.js`, '--version']);
  if (check.exitCode !== 0) throw new ServiceError(`mailwiz does not run in ${target.name}: ${check.stderr.trim()}`);
  return { files: files.length, version: check.stdout.trim() };
}
