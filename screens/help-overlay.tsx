import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { keysLabel, type Binding } from '../src/ui/keymap.js';
import type { Theme } from '../src/ui/theme.js';
import type { ScreenDefinition } from './screen.js';
import { SHELL_BINDINGS } from './shell-keys.js';

/** One row per binding; in --read-only mode the changing ones are listed as off, with the reason. */
export function BindingRows({ bindings, theme, readOnly = false }: { bindings: readonly Binding[]; theme: Theme; readOnly?: boolean }): ReactNode {
  const width = Math.max(...bindings.map((b) => keysLabel(b, theme.ascii).length), 4);
  return bindings.map((b) => {
    const off = readOnly && b.changes === true;
    return (
      <Text key={b.action} wrap="truncate" dimColor={off}>
        {'  '}
        {keysLabel(b, theme.ascii).padEnd(width)}  {b.description}
        {off ? ' (off: --read-only)' : ''}
      </Text>
    );
  });
}

/**
 * `?`: every key of the current screen and of the shell, generated from the keymaps. When one column is taller than
 * `rows` (80×24), the shell's keys go beside the screen's; rows never shrink into each other.
 */
export function HelpOverlay({ screen, screens, theme, readOnly, rows }: { screen: ScreenDefinition; screens: readonly ScreenDefinition[]; theme: Theme; readOnly: boolean; rows?: number }): ReactNode {
  const own = screen.bindings;
  const sideBySide = rows !== undefined && 1 + own.length + 3 + SHELL_BINDINGS.length > rows;
  const width = sideBySide ? '50%' : undefined;
  return (
    <Box flexDirection={sideBySide ? 'row' : 'column'} flexShrink={0}>
      <Box flexDirection="column" flexShrink={0} width={width}>
        <Text bold>{screen.title}</Text>
        <BindingRows bindings={own} theme={theme} readOnly={readOnly} />
      </Box>
      <Box flexDirection="column" flexShrink={0} width={width}>
        <Text bold>Everywhere</Text>
        <Text wrap="truncate">{'  '}1–{screens.length}{'  '.padEnd(4)}{screens.map((s, i) => `${i + 1} ${s.title}`).join(', ')}</Text>
        <BindingRows bindings={SHELL_BINDINGS} theme={theme} />
        <Text dimColor>Esc or ? closes this help.</Text>
      </Box>
    </Box>
  );
}
