import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { DeployStep } from '../../wizards/deploy-step.js';
import { requireEnvironment } from '../support/testbed.js';
import { KEYS } from '../support/wizard-ink.js';
import { sampleAnswers } from '../support/wizard-answers.js';
import { renderStep } from '../support/wizard-steps.js';

describe('the deploy step on the real engine', () => {
  it('asks before replacing an existing container, and shows a failure with what to do next', async () => {
    const image = requireEnvironment();
    const directory = await mkdtemp(join(tmpdir(), 'mailwiz-deploy-step-'));
    const name = `mailwiz-step-${process.pid}`;
    const docker = new Docker();
    const existing = await docker.createContainer({ name, Image: image, Labels: { [TEST_LABEL]: testRunId() } });
    try {
      const step = await renderStep(DeployStep, sampleAnswers({ directory, containerName: name }));
      await step.press('y');
      await step.until(/Replace it\?/);
      expect(step.frame().replace(/\s+/g, ' ')).toContain(`A container named ${name} exists (created). Replace it? Mail and settings in ${directory}/docker-data are kept. (y/n)`);
      await step.press('n');
      expect(step.frame()).toContain('Deploy now? (y/n)');
      await step.unmount();
    } finally {
      await existing.remove({ force: true });
    }
    const step = await renderStep(DeployStep, sampleAnswers({ directory, containerName: name }));
    await step.press('y');
    await step.until(/✗ Deploy/);
    expect(step.frame()).toContain('compose.yaml');
    expect(step.frame()).toContain('r: try again · Esc: back · q: quit');
    await step.press(KEYS.esc);
    expect(step.backs()).toBe(1);
    await step.press('q');
    expect(step.quit()).toEqual({ code: 1, message: expect.stringMatching(/^The deploy failed: .*compose\.yaml/) });
    await step.unmount();
  });
});
