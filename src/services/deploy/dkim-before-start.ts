import type Docker from 'dockerode';
import type { DkimKey } from '../../dms/dkim-key.js';
import { parseTagList } from '../../dms/dns-txt.js';
import { DockerTarget } from '../../target/index.js';
import { createDkimKeys, type DkimKeyFile } from '../dkim.js';
import { mailServer } from '../mail-server.js';

/**
 * DKIM keys made before the mail server's first start, in a short-lived container of the same image with only the
 * config volume (no network): DMS reads opendkim/ when it sets up, so it signs from the first mail on.
 */

export const DKIM_SELECTOR = 'mail';
export const DKIM_KEY_BITS = 2048;

export async function createKeysBeforeStart(
  docker: Docker,
  options: { image: string; configDir: string; domains: string[]; name: string; labels?: Record<string, string> },
): Promise<DkimKeyFile[]> {
  await docker.getContainer(options.name).remove({ force: true }).catch(() => undefined);
  const helper = await docker.createContainer({
    name: options.name,
    Image: options.image,
    Entrypoint: ['sleep'],
    Cmd: ['600'],
    Labels: options.labels,
    HostConfig: { Binds: [`${options.configDir}:/tmp/docker-mailserver`], NetworkMode: 'none' },
  });
  try {
    await helper.start();
    const server = mailServer(new DockerTarget(docker, options.name));
    return await createDkimKeys(server, { keysize: DKIM_KEY_BITS, selector: DKIM_SELECTOR, domains: options.domains });
  } finally {
    await helper.remove({ force: true }).catch(() => undefined);
  }
}

/** The keys as the DNS planner wants them: per domain, selector and base64 public key. */
export function dkimKeysForPlan(keys: readonly DkimKeyFile[]): Record<string, DkimKey> {
  const out: Record<string, DkimKey> = {};
  for (const key of keys) {
    const p = parseTagList(key.value).tags.get('p');
    if (p) out[key.domain] = { selector: key.selector, publicKeyBase64: p };
  }
  return out;
}
