import { useInput } from 'ink';
import { actionFor, type Binding } from '../src/ui/keymap.js';
import { useConsole } from './console-context.js';

/** What a screen does for each of its actions, or one function told which action fired. */
export type BindingHandlers<A extends string> = Partial<Record<A, () => void>> | ((action: A) => void);

export interface BindingOptions {
  isActive: boolean;
  /** A change of this screen is still running: changing bindings wait for it. */
  busy?: boolean;
  /** Why this screen cannot change anything right now (accounts kept in LDAP), beyond --read-only. */
  changesRefused?: string;
}

export const READ_ONLY_REFUSAL = 'Read-only mode: this would change the server.';

/**
 * The one place screen keys are dispatched, so the shell's rules hold on every screen without the screen checking
 * them: in --read-only mode a binding marked `changes` never reaches its handler (the help overlay and the key line
 * leave it out), and while a change runs the next one waits.
 */
export function useBindings<A extends string>(bindings: readonly Binding<A>[], handlers: BindingHandlers<A>, options: BindingOptions): void {
  const { readOnly, setStatus } = useConsole();
  useInput(
    (input, key) => {
      const binding = actionFor(bindings, input, key);
      if (!binding) return;
      if (binding.changes) {
        if (readOnly) return setStatus(READ_ONLY_REFUSAL, 'error');
        if (options.changesRefused) return setStatus(options.changesRefused, 'error');
        if (options.busy) return setStatus('Still working on the last change…');
      }
      if (typeof handlers === 'function') handlers(binding.action);
      else handlers[binding.action]?.();
    },
    { isActive: options.isActive },
  );
}
