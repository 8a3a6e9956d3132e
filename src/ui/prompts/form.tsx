import { Box, Text } from 'ink';
import { useMemo, useState, type ReactNode } from 'react';
import { editLine, splitGraphemes } from '../line-editor.js';
import { LineField } from '../line-field.js';
import { detectTheme, tint } from '../theme.js';
import { fieldSummary, splitToggles, visibleFields, type Field, type FormValues } from './form-fields.js';
import { isBack, useWizardInput } from './use-wizard-input.js';

export interface FormProps {
  fields: readonly Field[];
  initial: FormValues;
  /** Checks the whole form once every field is answered: a problem sends the user back to that field. */
  validateAll?: (values: FormValues) => { field: string; message: string } | undefined;
  onSubmit: (values: FormValues) => void;
  /** Esc/← on the first field. */
  onBack: () => void;
  /** Extra lines under the current field (e.g. a note from pre-flight). */
  note?: (field: Field, values: FormValues) => string | undefined;
  /** The field to start on (e.g. the one a failed test points at); default the first. */
  startAt?: string;
}

function initialValue(field: Field, values: FormValues): string {
  const value = values[field.name];
  if (value !== undefined) return value;
  return field.kind === 'choice' ? (field.options[0]?.value ?? '') : '';
}

/** A few fields asked one after the other: Enter checks and goes on, Esc/← goes back a field (or a step). */
export function Form({ fields, initial, validateAll, onSubmit, onBack, note, startAt }: FormProps): ReactNode {
  const theme = useMemo(() => detectTheme(), []);
  const [values, setValues] = useState<FormValues>(() => ({ ...initial }));
  const [index, setIndex] = useState(() => Math.max(0, visibleFields(fields, initial).findIndex((f) => f.name === startAt)));
  const [error, setError] = useState<string>();
  const [warned, setWarned] = useState<string>();
  const [cursor, setCursor] = useState(() => {
    const first = visibleFields(fields, initial)[0];
    return first?.kind === 'choice' ? Math.max(0, first.options.findIndex((o) => o.value === initial[first.name])) : 0;
  });
  /** The text cursor of the current field, in graphemes; undefined: at the end. */
  const [caret, setCaret] = useState<number>();
  const shown = visibleFields(fields, values);
  const field = shown[index];
  const value = field ? initialValue(field, values) : '';

  const line = { text: value, cursor: caret ?? splitGraphemes(value).length };
  const setValue = (next: string, nextCaret?: number): void => {
    if (!field) return;
    setValues((v) => ({ ...v, [field.name]: next }));
    setCaret(nextCaret);
    setError(undefined);
    setWarned(undefined);
  };

  const goTo = (next: number, reached: FormValues): void => {
    const list = visibleFields(fields, reached);
    const target = list[next];
    const offered = target?.kind === 'text' && !reached[target.name] ? target.defaultFrom?.(reached) : undefined;
    const nextValues = offered ? { ...reached, [target!.name]: offered } : reached;
    if (offered) setValues(nextValues);
    setIndex(next);
    setCaret(undefined);
    setError(undefined);
    setWarned(undefined);
    setCursor(target && target.kind === 'choice' ? Math.max(0, target.options.findIndex((o) => o.value === initialValue(target, nextValues))) : 0);
  };

  const submit = (answer: string): void => {
    if (!field) return;
    const value = answer;
    const current = { ...values, [field.name]: value };
    if (field.kind === 'text') {
      const problem = field.validate?.(value, current);
      if (problem) return setError(problem);
      const warning = field.warn?.(value, current);
      if (warning && warned !== warning) return setWarned(warning);
    }
    setValues(current);
    const list = visibleFields(fields, current);
    if (index + 1 < list.length) return goTo(index + 1, current);
    const problem = validateAll?.(current);
    if (problem) {
      const at = list.findIndex((f) => f.name === problem.field);
      goTo(at < 0 ? index : at, current);
      setError(problem.message);
      return;
    }
    onSubmit(Object.fromEntries(list.map((f) => [f.name, initialValue(f, current)])));
  };

  const back = (): void => (index === 0 ? onBack() : goTo(index - 1, values));
  useWizardInput((input, key) => {
    if (!field) return;
    if (field.kind === 'text') {
      // ← moves the cursor, and goes back a field only from the start of the line.
      const edit = editLine(line, input, key);
      if (edit.kind === 'cancel' || (edit.kind === 'ignored' && key.leftArrow)) return back();
      if (edit.kind === 'submit') return submit(edit.text);
      if (edit.kind === 'edit') setValue(edit.state.text, edit.state.cursor);
      return;
    }
    if (isBack(input, key)) return back();
    if (key.return) return submit(field.kind === 'choice' ? (field.options[cursor]?.value ?? value) : value);
    if (key.upArrow) return setCursor((c) => Math.max(0, c - 1));
    if (key.downArrow) return setCursor((c) => Math.min(field.options.length - 1, c + 1));
    if (field.kind === 'toggles' && input === ' ') {
      const option = field.options[cursor];
      if (!option) return;
      const on = splitToggles(value);
      setValue((on.includes(option.value) ? on.filter((v) => v !== option.value) : [...on, option.value]).join(','));
    }
  });

  if (!field) return null;
  const mask = theme.ascii ? '*' : '•';
  const extra = note?.(field, values);
  return (
    <Box flexDirection="column">
      {shown.slice(0, index).map((f) => (
        <Text key={f.name} dimColor wrap="truncate-end">
          {theme.symbols.ok} {f.label}: {fieldSummary(f, initialValue(f, values)).replaceAll('•', mask)}
        </Text>
      ))}
      <Text bold>{field.label}</Text>
      {field.why && <Text dimColor>{field.why}</Text>}
      {field.kind === 'text' && (
        <Text>
          {theme.symbols.cursor} <LineField state={line} {...(field.secret ? { mask } : {})} />
          {value === '' && field.placeholder ? <Text dimColor> {field.placeholder}</Text> : null}
        </Text>
      )}
      {field.kind !== 'text' &&
        field.options.map((option, i) => {
          const on = field.kind === 'toggles' ? splitToggles(value).includes(option.value) : false;
          const box = field.kind === 'toggles' ? (on ? '[x] ' : '[ ] ') : '';
          return (
            <Text key={option.value} wrap="truncate-end">
              <Text color={i === cursor ? tint(theme, 'cyan') : undefined}>
                {i === cursor ? theme.symbols.cursor : ' '} {box}
                {option.label}
              </Text>
              {option.why ? <Text dimColor> — {option.why}</Text> : null}
            </Text>
          );
        })}
      {extra && <Text color={tint(theme, 'yellow')}>{extra}</Text>}
      {error && (
        <Text color={tint(theme, 'red')}>
          {theme.symbols.fail} {error}
        </Text>
      )}
      {warned && (
        <Text color={tint(theme, 'yellow')}>
          {theme.symbols.warn} {warned} — Enter again to keep it.
        </Text>
      )}
      <Text dimColor>
        {field.kind === 'toggles' ? 'Space: on/off · ' : ''}
        {field.kind !== 'text' ? `${theme.ascii ? 'Up/Down' : '↑↓'}: move · ` : ''}Enter: {field.kind === 'choice' ? 'choose' : 'next'} · Esc
        {theme.ascii ? '/Left' : '/←'}: back
      </Text>
    </Box>
  );
}
