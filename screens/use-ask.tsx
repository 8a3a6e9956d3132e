import { useMemo, useState, type ReactNode } from 'react';
import { ChoicePrompt, type Choice } from '../src/ui/ChoicePrompt.js';
import { ConfirmPrompt } from '../src/ui/ConfirmPrompt.js';
import { FormPrompt, type FormField } from '../src/ui/FormPrompt.js';

/**
 * Questions a screen awaits, drawn by the shell in place of the screen: `if (await ask.confirm('Delete x?')) …`.
 * The screen keeps no dialog state of its own, and a question that follows another is just the next line of code.
 */
export interface Ask {
  /** True for y; n, Esc and Enter decline. */
  confirm(question: string, detail?: string): Promise<boolean>;
  /** The values entered, or undefined when the form was cancelled (Esc). */
  form(title: string, fields: readonly FormField[]): Promise<Record<string, string> | undefined>;
  /** The value of the choice picked, or undefined when cancelled (Esc). */
  choice(question: string, choices: readonly Choice[]): Promise<string | undefined>;
}

type Open =
  | { kind: 'confirm'; question: string; detail?: string; answer: (yes: boolean) => void }
  | { kind: 'form'; title: string; fields: readonly FormField[]; answer: (values: Record<string, string> | undefined) => void }
  | { kind: 'choice'; question: string; choices: readonly Choice[]; answer: (value: string | undefined) => void };

/** The shell's side: the ask object for the screens, and the question open now, if any, to draw. */
export function useAsk(): { ask: Ask; open: boolean; dialog: ReactNode } {
  const [current, setCurrent] = useState<{ open: Open; serial: number }>();
  const ask = useMemo<Ask>(() => {
    let serial = 0;
    /** Opens a question; its answer closes it (unless another has replaced it) and settles the promise. */
    const show = <T,>(make: (answer: (value: T) => void) => Open): Promise<T> =>
      new Promise((resolve) => {
        const mine = ++serial;
        const answer = (value: T): void => {
          setCurrent((c) => (c?.serial === mine ? undefined : c));
          resolve(value);
        };
        setCurrent({ open: make(answer), serial: mine });
      });
    const confirm: Ask['confirm'] = (question, detail) => show((answer) => ({ kind: 'confirm', question, ...(detail ? { detail } : {}), answer }));
    const form: Ask['form'] = (title, fields) => show((answer) => ({ kind: 'form', title, fields, answer }));
    const choice: Ask['choice'] = (question, choices) => show((answer) => ({ kind: 'choice', question, choices, answer }));
    return { confirm, form, choice };
  }, []);
  const open = current?.open;
  // Keyed by serial: a form that follows a form starts empty.
  const dialog =
    open?.kind === 'confirm' ? (
      <ConfirmPrompt key={current?.serial} question={open.question} detail={open.detail} onAnswer={open.answer} />
    ) : open?.kind === 'form' ? (
      <FormPrompt key={current?.serial} title={open.title} fields={open.fields} onSubmit={(values) => open.answer(values)} onCancel={() => open.answer(undefined)} />
    ) : open?.kind === 'choice' ? (
      <ChoicePrompt key={current?.serial} question={open.question} choices={open.choices} onAnswer={open.answer} />
    ) : null;
  return { ask, open: open !== undefined, dialog };
}
