/** A file the deploy writes. */

export interface PlannedFile {
  /** Absolute path. */
  path: string;
  content: string;
  mode: number;
  /** Shown masked; never in a log. */
  secret: boolean;
  /** Written only when absent (generated keys and certificates are never replaced). */
  keepExisting?: boolean;
}
