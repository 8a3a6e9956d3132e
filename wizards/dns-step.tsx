import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { OWN_POSTMASTER, planRecords } from '../src/dms/dns-plan.js';
import { Pager, plainLine } from '../src/ui/pager.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import { isBack, useWizardInput } from '../src/ui/prompts/use-wizard-input.js';
import { LiveCheckView, useLiveCheck } from './live-check.js';
import { recordLines } from './record-lines.js';
import type { StepProps } from './step-props.js';

/**
 * Step 5: the DNS records the domains need. Publish them at the DNS provider, then `r` asks live DNS whether they
 * are there and right (green/red per rule, problems first); the DKIM record follows after the deploy.
 */
export function DnsStep({ answers, services, position, total, onNext, onBack }: StepProps): ReactNode {
  const lines = recordLines(planRecords({ domains: answers.domains, fqdn: answers.hostname, ipv4: answers.ipv4, ipv6: answers.ipv6, reportAddress: OWN_POSTMASTER }));
  const { check, start } = useLiveCheck(() => services.checkDns(answers));
  useWizardInput((input, key) => {
    if (isBack(input, key)) onBack();
    else if (key.return) onNext(answers);
    else if (input === 'r') start();
  });
  return (
    <StepFrame title="DNS records" position={position} total={total} intro="Publish these at your DNS provider, then press r to check them; the DKIM record follows after the deploy.">
      <Box flexDirection="column">
        <LiveCheckView check={check} what="DNS" height={10} until={<Pager items={lines} render={plainLine} height={12} footerWhenScrolling />} />
        <Text dimColor>r: check now · Enter: next · Esc: back</Text>
      </Box>
    </StepFrame>
  );
}
