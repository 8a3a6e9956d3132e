import { Box, Text, useInput } from 'ink';
import { useRef, useState, type ReactNode } from 'react';
import { editLine, lineAt } from './line-editor.js';
import { LineField } from './line-field.js';

export interface FormField {
  name: string;
  label: string;
  /** Typed characters show as •. */
  secret?: boolean;
  initial?: string;
  hint?: string;
  /** An error message, or undefined when the value is fine; sees the fields entered so far. */
  validate?: (value: string, values: Record<string, string>) => string | undefined;
}

export interface FormPromptProps {
  title: string;
  fields: readonly FormField[];
  onSubmit: (values: Record<string, string>) => void;
  onCancel: () => void;
}

/** A few one-line fields asked one after the other; Enter checks and moves on, Esc cancels. */
export function FormPrompt({ title, fields, onSubmit, onCancel }: FormPromptProps): ReactNode {
  // Keys can arrive faster than React re-renders: the state lives in a ref so no keystroke sees stale values.
  const state = useRef({ index: 0, values: {} as Record<string, string>, line: lineAt(fields[0]?.initial ?? ''), error: undefined as string | undefined });
  const [, redraw] = useState(0);
  const update = (change: Partial<typeof state.current>): void => {
    state.current = { ...state.current, ...change };
    redraw((n) => n + 1);
  };

  const submit = (text: string): void => {
    const { index, values } = state.current;
    const field = fields[index];
    if (!field) return;
    const problem = field.validate?.(text, values);
    if (problem) return update({ line: lineAt(text), error: problem });
    const next = { ...values, [field.name]: text };
    if (index + 1 >= fields.length) {
      update({ values: next, error: undefined });
      return onSubmit(next);
    }
    update({ index: index + 1, values: next, line: lineAt(fields[index + 1]?.initial ?? ''), error: undefined });
  };

  useInput((input, key) => {
    const edit = editLine(state.current.line, input, key);
    if (edit.kind === 'cancel') return onCancel();
    if (edit.kind === 'submit') return submit(edit.text);
    if (edit.kind === 'edit') update({ line: edit.state, error: undefined });
  });

  const { index, values, line, error } = state.current;
  const field = fields[index];
  if (!field) return null;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{title}</Text>
      {fields.slice(0, index).map((f) => (
        <Text key={f.name} dimColor>
          {f.label}: {f.secret ? '••••' : (values[f.name] ?? '')}
        </Text>
      ))}
      <Text>
        {field.label}: <LineField state={line} {...(field.secret ? { mask: '•' } : {})} />
      </Text>
      {field.hint && <Text dimColor>{field.hint}</Text>}
      {error && <Text color="red">{error}</Text>}
      <Text dimColor>Enter: next · Esc: cancel · ←/→ Home End move · C-u/C-w delete</Text>
    </Box>
  );
}
