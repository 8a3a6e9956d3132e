import { Text, useInput } from 'ink';
import { useRef, useState, type ReactNode } from 'react';

export interface LineInputProps {
  prompt: string;
  initial: string;
  onChange?: (value: string) => void;
  onDone: (value: string) => void;
  onCancel: () => void;
}

/** The one-line editor of `/` (filter, applied as you type) and `:` (command). */
export function LineInput({ prompt, initial, onChange, onDone, onCancel }: LineInputProps): ReactNode {
  // A ref, not only state: keys can arrive faster than React re-renders.
  const current = useRef(initial);
  const [value, setValue] = useState(initial);
  const update = (next: string): void => {
    current.current = next;
    setValue(next);
    onChange?.(next);
  };
  useInput((input, key) => {
    const value = current.current;
    if (key.escape) return onCancel();
    if (key.return) return onDone(value);
    if (key.backspace || key.delete) return update(value.slice(0, -1));
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) return;
    const line = /^([^\r\n]*)[\r\n]/.exec(input);
    if (line) return onDone(value + (line[1] ?? ''));
    if (input) update(value + input);
  });
  return (
    <Text>
      {prompt}
      {value}
      <Text inverse> </Text>
    </Text>
  );
}
