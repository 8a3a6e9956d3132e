/** The fields a form step asks, one after the other. Values are text; a multi-choice holds its values comma-joined. */

export type FormValues = Record<string, string>;

export interface Option {
  value: string;
  label: string;
  /** One line: why someone would pick it. */
  why?: string;
}

interface BaseField {
  name: string;
  label: string;
  /** One line under the field: what it is for. */
  why?: string;
  /** Asked only when this says so (e.g. the relay's port only with a relay). */
  when?: (values: FormValues) => boolean;
}

export interface TextField extends BaseField {
  kind: 'text';
  secret?: boolean;
  placeholder?: string;
  /** The value offered when the field is reached empty, from the answers before it (mail.<domain>). */
  defaultFrom?: (values: FormValues) => string | undefined;
  /** An error blocks going on. */
  validate?: (value: string, values: FormValues) => string | undefined;
  /** A warning is shown once; Enter again keeps the value. */
  warn?: (value: string, values: FormValues) => string | undefined;
}

export interface ChoiceField extends BaseField {
  kind: 'choice';
  options: Option[];
}

export interface ToggleField extends BaseField {
  kind: 'toggles';
  options: Option[];
}

export type Field = TextField | ChoiceField | ToggleField;

export function visibleFields(fields: readonly Field[], values: FormValues): Field[] {
  return fields.filter((f) => !f.when || f.when(values));
}

export function splitToggles(value: string | undefined): string[] {
  return (value ?? '').split(',').filter((v) => v !== '');
}

/** What a finished field shows in the summary above the current one. */
export function fieldSummary(field: Field, value: string): string {
  if (field.kind === 'text') return field.secret ? (value === '' ? '' : '••••••••') : value;
  if (field.kind === 'choice') return field.options.find((o) => o.value === value)?.label ?? value;
  const on = splitToggles(value);
  const labels = field.options.filter((o) => on.includes(o.value)).map((o) => o.label);
  return labels.length > 0 ? labels.join(', ') : 'none';
}

/** A choice from `[value, label, why?]` triples: the short way to write the many small choices of a wizard. */
export function choiceField(name: string, label: string, options: [string, string, string?][], more: Partial<Omit<ChoiceField, 'kind' | 'name' | 'label' | 'options'>> = {}): ChoiceField {
  return { kind: 'choice', name, label, ...more, options: options.map(([value, text, why]) => (why ? { value, label: text, why } : { value, label: text })) };
}
