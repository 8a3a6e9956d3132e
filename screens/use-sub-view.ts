import { useEffect, useState } from 'react';
import { useConsole } from './console-context.js';

/**
 * A view a screen opens in its own place (an account's aliases, a message, a trace, a ban's reasons): while it is
 * open the shell leaves every key to it. Returns what is open (undefined: the screen's list) and how to change it.
 */
export function useSubView<T>(): [T | undefined, (value: T | undefined) => void] {
  const { setCapturing } = useConsole();
  const [open, setOpen] = useState<T>();
  useEffect(() => setCapturing(open !== undefined), [open, setCapturing]);
  return [open, setOpen];
}
