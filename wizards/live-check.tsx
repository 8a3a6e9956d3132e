import { Box, Text } from 'ink';
import { useState, type ReactNode } from 'react';
import { sanitizeForTerminal } from '../src/dms/terminal-text.js';
import type { CheckResult } from '../src/services/dns/check-result.js';
import { Pager, plainLine } from '../src/ui/pager.js';
import { detectTheme } from '../src/ui/theme.js';

/** A check the user starts with a key (r) and may run again: DNS before the deploy, DNS and TLS after it. */

export type LiveCheck = { state: 'idle' } | { state: 'checking' } | { state: 'done'; results: CheckResult[]; at: Date } | { state: 'failed'; error: string };

export function useLiveCheck(run: () => Promise<CheckResult[]>): { check: LiveCheck; start: () => void } {
  const [check, setCheck] = useState<LiveCheck>({ state: 'idle' });
  const start = (): void => {
    if (check.state === 'checking') return;
    setCheck({ state: 'checking' });
    run().then(
      (results) => setCheck({ state: 'done', results, at: new Date() }),
      (error: unknown) => setCheck({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  };
  return { check, start };
}

/** One line a check: its mark and what it found. */
export function checkLines(results: readonly CheckResult[]): string[] {
  const { symbols } = detectTheme();
  const mark = { pass: symbols.ok, advice: 'i', warn: symbols.warn, fail: symbols.fail, unknown: '?' } as const;
  return results.map((r) => `${mark[r.status]} ${sanitizeForTerminal(r.summary)}`);
}

/**
 * `until` (what there is to check) with the check's progress below it; once the check is done, its results instead,
 * problems first, with a count.
 */
export function LiveCheckView({ check, what, height, until }: { check: LiveCheck; what: string; height: number; until: ReactNode }): ReactNode {
  if (check.state !== 'done') {
    return (
      <>
        {until}
        {check.state === 'checking' && <Text>Asking {what}…</Text>}
        {check.state === 'failed' && <Text color="red">The check did not run: {check.error}</Text>}
      </>
    );
  }
  const failed = check.results.filter((r) => r.status === 'fail').length;
  return (
    <Box flexDirection="column">
      <Text>
        {failed === 0 ? 'Nothing is missing or wrong' : `${failed} of ${check.results.length} checks fail`} (checked {check.at.toLocaleTimeString()}; DNS changes can take a while to show)
      </Text>
      <Pager items={checkLines(check.results)} render={plainLine} height={height} footerWhenScrolling />
    </Box>
  );
}
