import { describe, expect, it } from 'vitest';
import { preferLiveTerminal } from '../../src/cli/live-terminal.js';

describe('preferLiveTerminal', () => {
  it('forgets the variables that make Ink hold every frame until exit, and nothing else', () => {
    const env: NodeJS.ProcessEnv = { CI: 'true', CONTINUOUS_INTEGRATION: '1', CI_JOB_ID: '7', CIRCLE: 'x', TERM: 'xterm' };
    preferLiveTerminal(env);
    expect(env).toEqual({ CIRCLE: 'x', TERM: 'xterm' });
  });
});
