import { useInput, useStdin, type Key } from 'ink';

/** useInput that stays quiet when stdin cannot be put in raw mode (piped), instead of throwing. */
export function useWizardInput(handler: (input: string, key: Key) => void, active = true): void {
  const { isRawModeSupported } = useStdin();
  useInput(handler, { isActive: active && Boolean(isRawModeSupported) });
}

/** Esc and ← go back a step, everywhere in the wizard. */
export function isBack(input: string, key: Key): boolean {
  return key.escape || key.leftArrow;
}
