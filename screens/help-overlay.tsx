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

/**
 * `?`: every key of the current screen and of the shell, generated from the keymaps. When one column is taller than
 * `rows` (80×24), the shell's keys go beside the screen's; rows never shrink into each other.
 */
export function HelpOverlay({ screen, screens, theme, readOnly, rows }: { screen: ScreenDefinition; screens: readonly ScreenDefinition[]; theme: Theme; readOnly: boolean; rows?: number }): ReactNode {
  const own = availableBindings(screen.bindings, readOnly);
  const note = readOnly && screen.bindings.some((b) => b.changes);
  const sideBySide = rows !== undefined && 1 + own.length + (note ? 1 : 0) + 3 + SHELL_BINDINGS.length > rows;
  const width = sideBySide ? '50%' : undefined;
  return (
    <Box flexDirection={sideBySide ? 'row' : 'column'} flexShrink={0}>
      <Box flexDirection="column" flexShrink={0} width={width}>
        <Text bold>{screen.title}</Text>
        <Rows bindings={own} theme={theme} />
        {note && <Text dimColor>  (actions that change the server are off: --read-only)</Text>}
      </Box>
      <Box flexDirection="column" flexShrink={0} width={width}>
        <Text bold>Everywhere</Text>
        <Text wrap="truncate">{'  '}1–{screens.length}{'  '.padEnd(4)}{screens.map((s, i) => `${i + 1} ${s.title}`).join(', ')}</Text>
        <Rows bindings={SHELL_BINDINGS} theme={theme} />
        <Text dimColor>Esc or ? closes this help.</Text>
      </Box>
    </Box>
  );
}
