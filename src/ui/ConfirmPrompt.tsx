import { Box, Text, useInput } from 'ink';
import type { ReactNode } from 'react';

export interface ConfirmPromptProps {
  /** Names what will happen, e.g. "Delete the account bob@example.com?" */
  question: string;
  detail?: string;
  onAnswer: (yes: boolean) => void;
}

/** y confirms; n, Esc or Enter declines: a destructive action never happens by accident. */
export function ConfirmPrompt({ question, detail, onAnswer }: ConfirmPromptProps): ReactNode {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y') onAnswer(true);
    else if (input === 'n' || input === 'N' || key.escape || key.return) onAnswer(false);
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{question}</Text>
      {detail && <Text>{detail}</Text>}
      <Text dimColor>y: yes · n/Esc: no</Text>
    </Box>
  );
}
