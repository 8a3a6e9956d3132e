import { Box, Text, useInput } from 'ink';
import { useState, type ReactNode } from 'react';

export interface Choice {
  value: string;
  label: string;
  /** One line: what picking it does. */
  why?: string;
}

export interface ChoicePromptProps {
  question: string;
  choices: readonly Choice[];
  onAnswer: (value: string | undefined) => void;
}

/** One of a few choices: ↑/↓ (or j/k) move, Enter picks, Esc cancels. */
export function ChoicePrompt({ question, choices, onAnswer }: ChoicePromptProps): ReactNode {
  const [at, setAt] = useState(0);
  useInput((input, key) => {
    if (key.escape) return onAnswer(undefined);
    if (key.return) return onAnswer(choices[at]?.value);
    if (key.upArrow || input === 'k') setAt((a) => Math.max(0, a - 1));
    if (key.downArrow || input === 'j') setAt((a) => Math.min(choices.length - 1, a + 1));
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{question}</Text>
      {choices.map((choice, i) => (
        <Text key={choice.value} wrap="truncate" inverse={i === at}>
          {i === at ? '› ' : '  '}
          {choice.label}
          {choice.why ? <Text dimColor> — {choice.why}</Text> : null}
        </Text>
      ))}
      <Text dimColor>↑/↓: move · Enter: pick · Esc: cancel</Text>
    </Box>
  );
}
