import { Text } from 'ink';
import type { ReactNode } from 'react';
import { keysLabel, type Binding } from '../src/ui/keymap.js';
import type { Theme } from '../src/ui/theme.js';
import type { ScreenDefinition } from './screen.js';
import { SHELL_BINDINGS } from './shell-keys.js';

export function availableBindings(bindings: readonly Binding[], readOnly: boolean): Binding[] {
  return bindings.filter((b) => !(readOnly && b.changes));
}

/** One line of the main keys among `bindings` (those that would change the server left out in --read-only mode). */
export function BindingLine({ bindings, theme, readOnly }: { bindings: readonly Binding[]; theme: Theme; readOnly: boolean }): ReactNode {
  const main = availableBindings(bindings, readOnly).filter((b) => b.main);
  return (
    <Text dimColor wrap="truncate">
      {main.map((b) => `${keysLabel(b, theme.ascii)} ${b.description}`).join(' · ')}
    </Text>
  );
}

/** The bottom line: the main keys of the screen, then the shell's. */
export function KeyLine({ screen, theme, readOnly }: { screen: ScreenDefinition; theme: Theme; readOnly: boolean }): ReactNode {
  return <BindingLine bindings={[...screen.bindings, ...SHELL_BINDINGS]} theme={theme} readOnly={readOnly} />;
}
