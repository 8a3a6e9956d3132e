import { Text } from 'ink';
import type { ReactNode } from 'react';
import { keysLabel, type Binding } from '../src/ui/keymap.js';
import type { Theme } from '../src/ui/theme.js';
import type { ScreenDefinition } from './screen.js';
import { SHELL_BINDINGS } from './shell-keys.js';

export function availableBindings(bindings: readonly Binding[], readOnly: boolean): Binding[] {
  return bindings.filter((b) => !(readOnly && b.changes));
}

/** The bottom line: the main keys of the screen, then the shell's. */
export function KeyLine({ screen, theme, readOnly }: { screen: ScreenDefinition; theme: Theme; readOnly: boolean }): ReactNode {
  const main = [...availableBindings(screen.bindings, readOnly), ...SHELL_BINDINGS].filter((b) => b.main);
  return (
    <Text dimColor wrap="truncate">
      {main.map((b) => `${keysLabel(b, theme.ascii)} ${b.description}`).join(' · ')}
    </Text>
  );
}
