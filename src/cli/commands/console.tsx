import { accountsScreen } from '../../../screens/accounts/accounts-screen.js';
import { bansScreen } from '../../../screens/bans/bans-screen.js';
import { ConsoleApp } from '../../../screens/console-app.js';
import { logsScreen } from '../../../screens/logs/logs-screen.js';
import { queueScreen } from '../../../screens/queue/queue-screen.js';
import { healthScreen } from '../../../screens/health/health-screen.js';
import type { ScreenDefinition } from '../../../screens/screen.js';
import { appendAudit, readAudit } from '../../services/audit-log.js';
import { mailServer } from '../../services/mail-server.js';
import { connectTarget } from '../connect.js';

export const CONSOLE_SCREENS: readonly ScreenDefinition[] = [accountsScreen, queueScreen, logsScreen, bansScreen, healthScreen];

/** `mailwiz console`: the full-screen admin console; needs a terminal. */
export async function consoleCommand(options: { container?: string; readOnly: boolean; screen?: string }): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write('mailwiz console needs a terminal (a TTY); over ssh, use "ssh -t". For scripts, use "mailwiz setup …".\n');
    return 2;
  }
  const server = mailServer(await connectTarget({ container: options.container }));
  const { render } = await import('ink');
  const app = render(
    <ConsoleApp
      server={server}
      screens={CONSOLE_SCREENS}
      readOnly={options.readOnly}
      initialScreen={options.screen}
      audit={(entry) => void appendAudit(entry).catch(() => undefined)}
      readAudit={readAudit}
    />,
    { exitOnCtrlC: false },
  );
  await app.waitUntilExit();
  return 0;
}
