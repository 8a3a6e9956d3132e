import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { keysLabel, type Binding } from '../src/ui/keymap.js';
import type { Theme } from '../src/ui/theme.js';
import { availableBindings } from './key-line.js';
import type { ScreenDefinition } from './screen.js';
import { SHELL_BINDINGS } from './shell-keys.js';

function Rows({ bindings, theme }: { bindings: readonly Binding[]; theme: Theme }): ReactNode {
  const width = Math.max(...bindings.map((b) => keysLabel(b, theme.ascii).length), 4);
  return bindings.map((b) => (
    <Text key={b.action} wrap="truncate">
      {'  '}
      {keysLabel(b, theme.ascii).padEnd(width)}  {b.description}
    </Text>
  ));
}

/** `?`: every key of the current screen and of the shell, generated from the keymaps. */
export function HelpOverlay({ screen, screens, theme, readOnly }: { screen: ScreenDefinition; screens: readonly ScreenDefinition[]; theme: Theme; readOnly: boolean }): ReactNode {
  return (
    <Box flexDirection="column">
      <Text bold>{screen.title}</Text>
      <Rows bindings={availableBindings(screen.bindings, readOnly)} theme={theme} />
      {readOnly && screen.bindings.some((b) => b.changes) && <Text dimColor>  (actions that change the server are off: --read-only)</Text>}
      <Text bold>Everywhere</Text>
      <Text>{'  '}1–{screens.length}{'  '.padEnd(4)}{screens.map((s, i) => `${i + 1} ${s.title}`).join(', ')}</Text>
      <Rows bindings={SHELL_BINDINGS} theme={theme} />
      <Text dimColor>Esc or ? closes this help.</Text>
    </Box>
  );
}
