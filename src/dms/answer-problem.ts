/** One thing wrong with the wizard's answers, by the answer it is about. */

export interface Problem {
  /** Dotted path of the answer, e.g. `features.clamav`. */
  field: string;
  message: string;
}
