import { execa } from 'execa';
import Docker from 'dockerode';
import { fileURLToPath } from 'node:url';

const BUILD_SCRIPT = fileURLToPath(new URL('../testbed/build.sh', import.meta.url));

export type StandIn = 'postfix-amavis' | 'lmtp-sink' | 'mariadb' | 'openldap' | 'exim' | 'debian12-no-node';

/**
 * A stand-in image (test/stand-ins/NAME) built from Debian packages on the testbed's base and cached by a hash of its
 * inputs; also tagged `realName` (e.g. mlan/postfix-amavis:mailwiz-stand-in) so that detection sees the real name.
 * The ones in use: postfix-amavis as mlan/postfix-amavis:mailwiz-stand-in, lmtp-sink as mlan/kopano:mailwiz-delivery-sink,
 * mariadb as mariadb:mailwiz-stand-in, openldap as mlan/openldap:mailwiz-stand-in, exim untagged (test/stand-ins/README.md).
 */
export async function ensureStandInImage(name: StandIn, realName?: string): Promise<string> {
  const context = fileURLToPath(new URL(`../stand-ins/${name}`, import.meta.url));
  const result = await execa('bash', [BUILD_SCRIPT, context, `mailwiz-standin/${name}`], { stderr: 'inherit', reject: false });
  const image = String(result.stdout).trim().split('\n').pop()?.trim();
  if (result.exitCode !== 0 || !image) throw new Error(`Building the ${name} stand-in failed (exit ${result.exitCode}).`);
  if (!realName) return image;
  const [repo = realName, tag = 'latest'] = realName.split(':');
  await new Docker().getImage(image).tag({ repo, tag });
  return realName;
}
