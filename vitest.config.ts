import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/env/global-setup.ts'],
    setupFiles: ['test/support/react-act.ts'],
    env: { FORCE_COLOR: '0' },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Each integration file runs its own mail server container; two at a time suits the 2-core machines we test on.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }], './test/env/integration-reporter.ts'],
  },
});
