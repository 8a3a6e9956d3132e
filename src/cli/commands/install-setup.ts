import { installSetup } from '../../services/setup-install.js';
import { connectTarget } from '../connect.js';

/** `mailwiz install-setup [-c NAME]`: make `docker exec <container> setup …` run mailwiz. */
export async function installSetupCommand(container: string | undefined): Promise<number> {
  const target = await connectTarget({ container });
  const { files, version } = await installSetup(target);
  process.stdout.write(
    `mailwiz ${version} installed in ${target.name} (${files} files in the config volume).\n` +
      `"docker exec ${target.name} setup …" now runs mailwiz; user-patches.sh re-installs it when the container is re-created.\n`,
  );
  return 0;
}
