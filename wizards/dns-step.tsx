import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { planRecords } from '../src/dms/dns-plan.js';
import { ScrollText } from '../src/ui/prompts/scroll-text.js';
import { StepFrame } from '../src/ui/prompts/step-frame.js';
import { isBack, useWizardInput } from '../src/ui/prompts/use-wizard-input.js';
import { recordLines } from './record-lines.js';
import type { StepProps } from './step-props.js';

/**
 * Step 5: the DNS records the domains will need. A seam for the DNS step to come (checks against live DNS): for now
 * it shows the plan; the DKIM record is added once the key exists, after the deploy.
 */
export function DnsStep({ answers, position, total, onNext, onBack }: StepProps): ReactNode {
  const lines = recordLines(planRecords({ domains: answers.domains, fqdn: answers.hostname, ipv4: answers.ipv4, ipv6: answers.ipv6 }));
  useWizardInput((input, key) => {
    if (isBack(input, key)) onBack();
    else if (key.return) onNext(answers);
  });
  return (
    <StepFrame title="DNS records" position={position} total={total} intro="Publish these at your DNS provider; the DKIM record follows after the deploy.">
      <Box flexDirection="column">
        <ScrollText lines={lines} height={12} />
        <Text dimColor>Enter: next · Esc: back</Text>
      </Box>
    </StepFrame>
  );
}
