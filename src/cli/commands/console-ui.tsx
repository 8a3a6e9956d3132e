import { render } from 'ink';
import { ConsoleApp } from '../../../screens/console-app.js';
import { screensFor } from '../../../screens/console-screens.js';
import { appendAudit, readAudit } from '../../services/audit-log.js';
import { mailServer } from '../../services/mail-server.js';
import { memberFor, type Stack } from '../../stacks/stack.js';
import type { Target } from '../../target/index.js';

/** Draws the console for the container (or its stack) and returns when the user quits. */
export async function runConsole(options: { target: Target; stack?: Stack; readOnly: boolean; screen?: string }): Promise<void> {
  const { target, stack } = options;
  // A stack of several containers is shown through its MTA (queue, logs, health); its other screens say what they lack.
  const server = mailServer(stack ? (memberFor(stack, 'mail-server', 'mta')?.target ?? target) : target);
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
}
