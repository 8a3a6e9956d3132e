import { installSetup } from '../../services/setup-install.js';
import { connectTarget } from '../connect.js';

/** `mailwiz install-setup [-c NAME]`: make `docker exec <container> setup …` run mailwiz. */
export async function installSetupCommand(container: string | undefined): Promise<number> {
  const target = await connectTarget({ container });
  const { files, version, previous, runtime } = await installSetup(target);
  const replaced = previous && previous !== version ? ` (replaces ${previous})` : '';
  const lines = [`mailwiz ${version} installed in ${target.name}${replaced} (${files} files in the config volume).`];
  if (runtime.copied) {
    const size = `${Math.round(runtime.copied.bytes / 1024 / 1024)} MB`;
    lines.push(`Node.js ${runtime.node} ${runtime.copied.now ? 'copied' : 'already'} in the config volume for it (${size} on disk): ${runtime.copied.reason}.`);
  } else {
    lines.push(`It runs on the image's Node.js ${runtime.node}.`);
  }
  lines.push(`"docker exec ${target.name} setup …" now runs mailwiz; user-patches.sh re-installs it when the container is re-created, with no network needed.`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
