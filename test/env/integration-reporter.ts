import type { Reporter, TestModule } from 'vitest/node';

/** Ends the run with how many integration tests ran against the real Docker engine and mail server image. */
export default class IntegrationReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    let ran = 0;
    let passed = 0;
    for (const module of modules) {
      if (!/\/test\/(integration|e2e)\//.test(module.moduleId)) continue;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed' || state === 'failed') ran++;
        if (state === 'passed') passed++;
      }
    }
    process.stdout.write(`\nintegration tests against the real Docker engine: ${ran} ran, ${passed} passed\n`);
  }
}
