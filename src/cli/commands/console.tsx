import { accountsScreen } from '../../../screens/accounts/accounts-screen.js';
import { kopanoAccountsScreen } from '../../../screens/accounts/kopano-accounts-screen.js';
import { bansScreen } from '../../../screens/bans/bans-screen.js';
import { ConsoleApp } from '../../../screens/console-app.js';
import { logsScreen } from '../../../screens/logs/logs-screen.js';
import { queueScreen } from '../../../screens/queue/queue-screen.js';
import { healthScreen } from '../../../screens/health/health-screen.js';
import type { ScreenDefinition } from '../../../screens/screen.js';
import { appendAudit, readAudit } from '../../services/audit-log.js';
import { mailServer } from '../../services/mail-server.js';
import { memberFor, type Stack } from '../../stacks/stack.js';
import { connectEngine, type Target } from '../../target/index.js';
import { connectTarget } from '../connect.js';

/** The mail system the container belongs to (none inside the container itself). */
async function stackOf(target: Target): Promise<Stack | undefined> {
  if (target.kind !== 'docker') return undefined;
  const { discoverStacks } = await import('../../stacks/discover.js');
  return (await discoverStacks(await connectEngine())).find((s) => s.members.some((m) => m.name === target.name));
}

export const CONSOLE_SCREENS: readonly ScreenDefinition[] = [accountsScreen, queueScreen, logsScreen, bansScreen, healthScreen];

/** The console's screens for this mail system: a Kopano stack lists its users from where Kopano keeps them. */
export function screensFor(stack: Stack | undefined): readonly ScreenDefinition[] {
  if (stack?.kind !== 'kopano') return CONSOLE_SCREENS;
  return [kopanoAccountsScreen(stack), ...CONSOLE_SCREENS.slice(1)];
}

/** `mailwiz console`: the full-screen admin console; needs a terminal. */
export async function consoleCommand(options: { container?: string; readOnly: boolean; screen?: string; stack?: Stack }): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write('mailwiz console needs a terminal (a TTY); over ssh, use "ssh -t". For scripts, use "mailwiz setup …".\n');
    return 2;
  }
  const found = await connectTarget({ container: options.container });
  const [stack, { render }] = await Promise.all([options.stack ?? stackOf(found), import('ink')]);
  // A stack of several containers is shown through its MTA (queue, logs, health); its other screens say what they lack.
  const server = mailServer(stack ? (memberFor(stack, 'mail-server', 'mta')?.target ?? found) : found);
  const app = render(
    <ConsoleApp
      server={server}
      stack={stack}
      screens={screensFor(stack)}
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
