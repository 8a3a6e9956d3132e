import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

const BUILD_SCRIPT = fileURLToPath(new URL('../testbed/build.sh', import.meta.url));

/**
 * The image integration tests run: MAILWIZ_TEST_IMAGE when set (e.g. a real docker-mailserver image), otherwise our
 * testbed, built from Debian packages and cached by a hash of its inputs.
 */
export async function ensureTestbedImage(log: (line: string) => void): Promise<string> {
  const chosen = process.env.MAILWIZ_TEST_IMAGE;
  if (chosen) return chosen;
  log('preparing the testbed image (cached after the first run) …');
  const build = execa('bash', [BUILD_SCRIPT], { stderr: 'inherit', reject: false });
  const result = await build;
  const image = String(result.stdout).trim().split('\n').pop()?.trim();
  if (result.exitCode !== 0 || !image) {
    throw new Error(`Building the testbed image failed (exit ${result.exitCode}); see the output above.`);
  }
  return image;
}
