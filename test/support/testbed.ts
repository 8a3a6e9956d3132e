import { afterAll, beforeAll, inject } from 'vitest';
import { READY_TIMEOUT_MS, startTestbedContainer, type Testbed, type TestbedOptions } from './testbed-container.js';

export { TEST_DOMAIN, accountsFile, type TestAccount, type Testbed, type TestbedOptions } from './testbed-container.js';

/** Fails the calling test with the reason the real environment is missing, instead of passing without it. */
export function requireEnvironment(): string {
  const problem = inject('environmentError');
  if (problem) throw new Error(`The integration environment is not available: ${problem}`);
  return inject('testbedImage');
}

/** A fresh testbed container from the image this test run prepared. */
export function startTestbed(options: TestbedOptions = {}): Promise<Testbed> {
  return startTestbedContainer(requireEnvironment(), options);
}

/** One testbed for the whole test file, removed afterwards even when tests fail. */
export function useTestbed(options: TestbedOptions = {}): () => Testbed {
  let testbed: Testbed | undefined;
  beforeAll(async () => {
    testbed = await startTestbed(options);
  }, READY_TIMEOUT_MS + 30_000);
  afterAll(async () => {
    await testbed?.remove();
  });
  return () => {
    if (!testbed) throw new Error('the testbed did not start (see the error of the first test)');
    return testbed;
  };
}
