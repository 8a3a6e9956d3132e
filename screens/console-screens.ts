import type { Stack } from '../src/stacks/stack.js';
import { accountsScreen } from './accounts/accounts-screen.js';
import { kopanoAccountsScreen } from './accounts/kopano-accounts-screen.js';
import { bansScreen } from './bans/bans-screen.js';
import { healthScreen } from './health/health-screen.js';
import { logsScreen } from './logs/logs-screen.js';
import { queueScreen } from './queue/queue-screen.js';
import type { ScreenDefinition } from './screen.js';

export const CONSOLE_SCREENS: readonly ScreenDefinition[] = [accountsScreen, queueScreen, logsScreen, bansScreen, healthScreen];

/** The console's screens for this mail system: a Kopano stack lists its users from where Kopano keeps them. */
export function screensFor(stack: Stack | undefined): readonly ScreenDefinition[] {
  if (stack?.kind !== 'kopano') return CONSOLE_SCREENS;
  return [kopanoAccountsScreen(stack), ...CONSOLE_SCREENS.slice(1)];
}
