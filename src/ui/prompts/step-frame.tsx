import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export interface StepFrameProps {
  title: string;
  /** 1-based position and the number of steps. */
  position: number;
  total: number;
  /** One line: what this step decides. */
  intro?: string;
  children: ReactNode;
}

/** The frame of every wizard step: where we are, what the step is for, and how to leave. */
export function StepFrame({ title, position, total, intro, children }: StepFrameProps): ReactNode {
  return (
    <Box flexDirection="column">
      <Text bold>
        mailwiz setup · step {position} of {total} · {title}
      </Text>
      {intro && <Text dimColor>{intro}</Text>}
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      <Text dimColor>Ctrl-C: stop (answers are kept; run mailwiz again to resume)</Text>
    </Box>
  );
}
