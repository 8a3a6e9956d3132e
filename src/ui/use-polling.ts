import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data?: T;
  error?: string;
  loading: boolean;
  updatedAt?: Date;
  /** Load again now (e.g. after an action), without waiting for the next tick. */
  refresh(): void;
}

/**
 * Loads data now and every `intervalMs`, never two loads at once; a slow or failing load shows as state, the
 * screen stays responsive. Stops when the component unmounts or `active` is false. A load may hand over an early,
 * partial answer (`early`): it is drawn while nothing better is on screen, and the load still counts as running.
 */
export function usePolling<T>(load: (early: (partial: T) => void) => Promise<T>, intervalMs: number, active = true): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'refresh'>>({ loading: true });
  const running = useRef(false);
  const mounted = useRef(true);
  const loader = useRef(load);
  loader.current = load;

  const run = useCallback(() => {
    if (running.current) return;
    running.current = true;
    setState((s) => ({ ...s, loading: true }));
    const early = (partial: T): void => {
      if (mounted.current) setState((s) => (s.data === undefined ? { ...s, data: partial } : s));
    };
    loader
      .current(early)
      .then(
        (data) => mounted.current && setState({ data, loading: false, updatedAt: new Date() }),
        (error: unknown) =>
          mounted.current &&
          setState((s) => ({ ...s, loading: false, error: error instanceof Error ? error.message : String(error) })),
      )
      .finally(() => {
        running.current = false;
      });
  }, []);

  useEffect(() => {
    mounted.current = true;
    if (!active) return undefined;
    run();
    const timer = setInterval(run, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, run]);

  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  return { ...state, refresh: run };
}
