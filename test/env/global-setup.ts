import type { TestProject } from 'vitest/node';
import { ensureDebianPackages } from './debian-packages.js';
import { ensureEngine } from './engine.js';
import { removeLeftoverContainers } from '../support/cleanup.js';
import { ensureTestbedImage } from './testbed-image.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set when the integration environment is ready. */
    testbedImage: string;
    /** Why it is not, when it is not: integration tests fail with this message. */
    environmentError: string;
  }
}

/** Provisions the real test environment once per run: a Docker engine and the testbed image. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string): void => void process.stderr.write(`[test env] ${line}\n`);
  const started = Date.now();
  process.env.MAILWIZ_TEST_RUN = String(process.pid);
  try {
    await ensureEngine(log);
    await ensureDebianPackages(log).catch((error: unknown) => log(`could not install test packages: ${String(error)}`));
    await removeLeftoverContainers({ includeOwn: false });
    const image = await ensureTestbedImage(log);
    project.provide('testbedImage', image);
    project.provide('environmentError', '');
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: engine up, image ${image}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    project.provide('testbedImage', '');
    project.provide('environmentError', message);
    log(`NOT READY: ${message}`);
  }
  return async () => {
    await removeLeftoverContainers({ includeOwn: true }).catch(() => undefined);
  };
}
