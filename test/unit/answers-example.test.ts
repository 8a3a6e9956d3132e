import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAnswersFile } from '../../src/dms/wizard-answers-file.js';

describe('assets/answers.example.yaml', () => {
  it('is a complete, valid answers file for mailwiz init', async () => {
    const text = await readFile(new URL('../../assets/answers.example.yaml', import.meta.url), 'utf8');
    const { answers, problems } = parseAnswersFile(text, '/');
    expect(problems).toEqual([]);
    expect(answers).toMatchObject({ hostname: 'mail.example.com', domains: ['example.com'], directory: '/srv/mailserver' });
  });
});
