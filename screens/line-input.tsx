import { Text, useInput } from 'ink';
import { useRef, useState, type ReactNode } from 'react';
import { editLine, lineAt } from '../src/ui/line-editor.js';
import { LineField } from '../src/ui/line-field.js';

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
  const current = useRef(lineAt(initial));
  const [line, setLine] = useState(current.current);
  useInput((input, key) => {
    const edit = editLine(current.current, input, key);
    if (edit.kind === 'cancel') return onCancel();
    if (edit.kind === 'submit') return onDone(edit.text);
    if (edit.kind !== 'edit') return;
    const changed = edit.state.text !== current.current.text;
    current.current = edit.state;
    setLine(edit.state);
    if (changed) onChange?.(edit.state.text);
  });
  return (
    <Text>
      {prompt}
      <LineField state={line} />
    </Text>
  );
}
