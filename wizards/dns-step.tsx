import { Box, Text } from 'ink';
import { useState, type ReactNode } from 'react';
import { planRecords } from '../src/dms/dns-plan.js';
import { sanitizeForTerminal } from '../src/dms/terminal-text.js';
import type { CheckResult } from '../src/services/dns/check-result.js';
import { ScrollText } from '../src/ui/prompts/scroll-text.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import { isBack, useWizardInput } from '../src/ui/prompts/use-wizard-input.js';
import { detectTheme } from '../src/ui/theme.js';
import { recordLines } from './record-lines.js';
import type { StepProps } from './step-props.js';

type Check = { state: 'idle' } | { state: 'checking' } | { state: 'done'; results: CheckResult[]; at: Date } | { state: 'failed'; error: string };

/** One line a check: its mark and what it found. */
function checkLines(results: readonly CheckResult[]): string[] {
  const { symbols } = detectTheme();
  const mark = { pass: symbols.ok, warn: symbols.warn, fail: symbols.fail, unknown: '?' } as const;
  return results.map((r) => `${mark[r.status]} ${sanitizeForTerminal(r.summary)}`);
}

/**
 * Step 5: the DNS records the domains need. Publish them at the DNS provider, then `r` asks live DNS whether they
 * are there and right (green/red per rule, problems first); the DKIM record follows after the deploy.
 */
export function DnsStep({ answers, services, position, total, onNext, onBack }: StepProps): ReactNode {
  const lines = recordLines(planRecords({ domains: answers.domains, fqdn: answers.hostname, ipv4: answers.ipv4, ipv6: answers.ipv6 }));
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const recheck = (): void => {
    setCheck({ state: 'checking' });
    services.checkDns(answers).then(
      (results) => setCheck({ state: 'done', results, at: new Date() }),
      (error: unknown) => setCheck({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  };
  useWizardInput((input, key) => {
    if (isBack(input, key)) onBack();
    else if (key.return) onNext(answers);
    else if (input === 'r' && check.state !== 'checking') recheck();
  });
  const failed = check.state === 'done' ? check.results.filter((r) => r.status === 'fail').length : 0;
  return (
    <StepFrame title="DNS records" position={position} total={total} intro="Publish these at your DNS provider, then press r to check them; the DKIM record follows after the deploy.">
      <Box flexDirection="column">
        {check.state === 'done' ? (
          <>
            <Text>
              {failed === 0 ? 'Nothing is missing or wrong' : `${failed} of ${check.results.length} checks fail`} (checked {check.at.toLocaleTimeString()}; DNS changes can take a while to show)
            </Text>
            <ScrollText lines={checkLines(check.results)} height={10} />
          </>
        ) : (
          <ScrollText lines={lines} height={12} />
        )}
        {check.state === 'checking' && <Text>Asking DNS…</Text>}
        {check.state === 'failed' && <Text color="red">The check did not run: {check.error}</Text>}
        <Text dimColor>r: check now · Enter: next · Esc: back</Text>
      </Box>
    </StepFrame>
  );
}
