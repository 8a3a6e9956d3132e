import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILES } from '../dms/config-files.js';
import { INSTALL_DIR, INSTALLER, INSTALLER_SCRIPT, NODE_MAJOR_NEEDED, NODE_RUNTIME, withInstallerLine } from '../dms/user-patches.js';
import type { Target } from '../target/index.js';
import { tarArchive } from '../target/tar-archive.js';
import { ConfigStore } from './config-store.js';
import { ServiceError } from './errors.js';

/** The folder of the running, bundled mailwiz: what gets copied into the container. */
function bundleDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/** The Node.js mailwiz runs on in the container, and whether this install put it there. */
export interface ContainerRuntime {
  node: string;
  /** In the config volume (the image has no Node 20): its size on disk, and whether this run copied it. */
  copied?: { bytes: number; now: boolean; reason: string };
}

export interface SetupInstallResult {
  files: number;
  version: string;
  /** The mailwiz the container had before, when there was one. */
  previous?: string;
  runtime: ContainerRuntime;
}

// One exec: the machine, the image's Node, the runtime already in the volume, and the mailwiz copy there.
const PROBE = 'uname -m; node --version 2>/dev/null || echo none; "$1" --version 2>/dev/null || echo none; "$1" "$2" --version 2>/dev/null || node "$2" --version 2>/dev/null || echo none';
const MACHINES: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64' };

const majorOf = (version: string): number => Number(/^v(\d+)\./.exec(version)?.[1] ?? 0);

/**
 * Copies this mailwiz into the server's config volume and makes `setup` inside the container run it, now and after
 * every re-creation of the container (through user-patches.sh), with no network needed at start. When the image has
 * no Node.js 20 (DMS v15: Debian 12), the Node.js running mailwiz here goes into the volume too. Resolves to what
 * `setup` inside now reports.
 */
export async function installSetup(target: Target): Promise<SetupInstallResult> {
  const dir = bundleDir();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.js'));
  if (!files.includes('mailwiz.js')) {
    throw new ServiceError(`install-setup needs the built mailwiz (dist/mailwiz.js); ${dir} has none. Run npm run build.`);
  }
  const mkdir = await target.exec(['mkdir', '-p', '--', INSTALL_DIR]);
  if (mkdir.exitCode !== 0) throw new ServiceError(`Cannot create ${INSTALL_DIR}: ${mkdir.stderr.trim()}`);
  const probe = (await target.exec(['sh', '-c', PROBE, 'mailwiz-probe', NODE_RUNTIME, `${INSTALL_DIR}/mailwiz.js`])).stdout.split('\n');
  const [machine = '', imageNode = 'none', volumeNode = 'none', previous = 'none'] = probe.map((l) => l.trim());
  const runtime = await ensureRuntime(target, machine, imageNode, volumeNode);
  await unpackBundle(target, await Promise.all(files.map(async (name) => ({ name, content: await readFile(join(dir, name)) }))));
  await target.writeFile(INSTALLER, INSTALLER_SCRIPT, { mode: 0o755 });
  // Through the config store: the admin's own user-patches.sh keeps every byte, and a concurrent edit is not lost.
  await new ConfigStore(target).update(CONFIG_FILES.userPatches, withInstallerLine);

  const run = await target.exec(['bash', INSTALLER], { timeoutMs: 300_000 });
  if (run.exitCode !== 0) throw new ServiceError(`The installer failed in ${target.name}: ${(run.stderr || run.stdout).trim()}`);
  const check = await target.exec([runtime.copied ? NODE_RUNTIME : 'node', `${INSTALL_DIR}/mailwiz.js`, '--version']);
  if (check.exitCode !== 0) throw new ServiceError(`mailwiz does not run in ${target.name}: ${check.stderr.trim()}`);
  return { files: files.length, version: check.stdout.trim(), previous: previous === 'none' ? undefined : previous, runtime };
}

// Unpacks beside the bundle, then moves the files in, mailwiz.js last: an archive cut short (a killed client) fails
// in tar and nothing moves; a new entry point never meets old chunks.
const UNPACK = `set -e
dir=$1
tmp=$(mktemp -d "$dir/.incoming.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -x -f - -C "$tmp" --no-same-owner
for f in "$tmp"/*; do [ "\${f##*/}" = mailwiz.js ] || mv -f -- "$f" "$dir/"; done
mv -f -- "$tmp/mailwiz.js" "$dir/mailwiz.js"`;

/** The bundle's files in one exec (one archive on stdin), not one exec per file. */
async function unpackBundle(target: Target, files: { name: string; content: Buffer }[]): Promise<void> {
  const result = await target.exec(['sh', '-c', UNPACK, 'mailwiz-unpack', INSTALL_DIR], { stdin: tarArchive(files) });
  if (result.exitCode !== 0) throw new ServiceError(`Cannot copy mailwiz into ${INSTALL_DIR} in ${target.name}: ${result.stderr.trim()}`);
}

/** The image's Node when it is new enough; else the runtime in the volume, copied from this machine when missing or older. */
async function ensureRuntime(target: Target, machine: string, imageNode: string, volumeNode: string): Promise<ContainerRuntime> {
  if (majorOf(imageNode) >= NODE_MAJOR_NEEDED) return { node: imageNode };
  const reason = imageNode === 'none' ? 'the image has no Node.js' : `the image's Node.js is ${imageNode}`;
  const source = process.execPath;
  const bytes = (await stat(source)).size;
  if (volumeNode === process.version) return { node: volumeNode, copied: { bytes, now: false, reason } };
  if (process.platform !== 'linux' || MACHINES[process.arch] !== machine) {
    throw new ServiceError(
      `mailwiz needs Node.js ${NODE_MAJOR_NEEDED} in ${target.name} and ${reason}; the Node.js here (${process.platform} ${process.arch}) ` +
        `cannot run on its ${machine || 'unknown'} machine. Run install-setup from a Linux ${machine} host, or add Node.js ${NODE_MAJOR_NEEDED} to the image.`,
    );
  }
  await target.writeFile(NODE_RUNTIME, await readFile(source), { mode: 0o755 });
  const run = await target.exec([NODE_RUNTIME, '--version']);
  if (run.exitCode !== 0) {
    await target.exec(['rm', '-f', '--', NODE_RUNTIME]);
    throw new ServiceError(
      `The Node.js of this machine (${source}) does not run in ${target.name}: ${run.stderr.trim() || `exit ${run.exitCode}`}. ` +
        `It needs a self-contained build (nodejs.org's or NodeSource's), not one linked to this system's libraries.`,
    );
  }
  return { node: run.stdout.trim(), copied: { bytes, now: true, reason } };
}
