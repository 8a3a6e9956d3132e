import type { Binding } from '../../src/ui/keymap.js';

export type HealthAction = 'check' | 'refresh' | 'up' | 'down';

export const HEALTH_BINDINGS: readonly Binding<HealthAction>[] = [
  { action: 'check', keys: ['c'], description: 'run every DNS and TLS check now', main: true },
  { action: 'refresh', keys: ['r'], description: 'refresh services, queue and bans' },
  { action: 'up', keys: ['up', 'k'], description: 'scroll the check results up' },
  { action: 'down', keys: ['down', 'j'], description: 'scroll the check results down' },
];
