import { createInterface } from 'node:readline/promises';
import type { Candidate } from '../target/index.js';

/**
 * Asks which of several mail servers to use, as a numbered question on the terminal (plain readline: it leaves
 * stdin ready for the Ink console that may follow).
 */
export async function chooseContainer(candidates: Candidate[]): Promise<string> {
  const lines = candidates.map((c, i) => `  ${i + 1}) ${c.name}  (${c.image}, ${c.state})`);
  process.stderr.write(`Several mail server containers are running:\n${lines.join('\n')}\n`);
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (;;) {
      const answer = (await reader.question(`Which one? [1-${candidates.length}, default 1] `)).trim();
      const index = answer === '' ? 0 : Number(answer) - 1;
      const chosen = candidates[index];
      if (Number.isInteger(index) && chosen) return chosen.name;
      process.stderr.write(`Please answer with a number from 1 to ${candidates.length}.\n`);
    }
  } finally {
    reader.close();
  }
}
