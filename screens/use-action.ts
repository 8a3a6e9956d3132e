import { useCallback, useState } from 'react';
import { useConsole } from './console-context.js';

/**
 * Runs a change on the server with visible progress ("Adding bob@…"), records the outcome in the audit log and the
 * status line, then refreshes the screen. One action at a time.
 */
/** `work` may resolve to a short detail for the status line (any other value is ignored). */
export type ActionRunner = (action: string, target: string, work: () => Promise<unknown>) => void;

export function useAction(refresh: () => void): { busy: boolean; run: ActionRunner } {
  const { setStatus, record } = useConsole();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    (action: string, target: string, work: () => Promise<unknown>) => {
      setBusy(true);
      setStatus(`${action} ${target}…`);
      work().then(
        (detail) => record(action, target, { ok: true, detail: typeof detail === 'string' && detail ? detail : undefined }),
        (error: unknown) => record(action, target, { ok: false, detail: error instanceof Error ? error.message : String(error) }),
      ).finally(() => {
        setBusy(false);
        refresh();
      });
    },
    [record, refresh, setStatus],
  );
  return { busy, run };
}
