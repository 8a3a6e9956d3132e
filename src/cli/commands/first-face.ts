import { connectEngine, isTargetError, locateMailServer } from '../../target/index.js';
import type { GlobalOptions } from '../global-options.js';
import { preferences } from '../preferences.js';

/**
 * `mailwiz` with no command, on a terminal: the console when a mail server container runs here, the install
 * wizard when there is none. Without a reachable engine the wizard starts too: its first step says what is wrong.
 */
export async function firstFace(options: GlobalOptions): Promise<number> {
  const found = await connectEngine()
    .then((docker) => locateMailServer(docker, { name: options.container, remembered: preferences().get('lastContainer') }))
    .then(
      () => true,
      (error: unknown) => isTargetError(error, 'CONTAINER_AMBIGUOUS'),
    );
  if (found) {
    const { consoleCommand } = await import('./console.js');
    return consoleCommand({ container: options.container, readOnly: options.readOnly });
  }
  const { wizardCommand } = await import('./wizard.js');
  return wizardCommand([], { container: options.container });
}
