import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { execa } from 'execa';
import Docker from 'dockerode';

const SOCKET = '/var/run/docker.sock';
const START_TIMEOUT_MS = 90_000;

/** Whether the engine named by DOCKER_HOST (or the default socket) answers. */
async function engineAnswers(): Promise<boolean> {
  try {
    await new Docker().ping();
    return true;
  } catch {
    return false;
  }
}

async function installEngine(log: (line: string) => void): Promise<void> {
  log('installing Debian\'s docker.io (apt-get) …');
  await execa('apt-get', ['update', '-qq'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'docker.io'], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/**
 * Makes sure a Docker engine answers: reuses a reachable one; otherwise, as root, installs Debian's docker.io and
 * starts dockerd in the background. Throws an explanation when neither is possible.
 */
export async function ensureEngine(log: (line: string) => void): Promise<void> {
  if (await engineAnswers()) return;
  const where = process.env.DOCKER_HOST || `unix://${SOCKET}`;
  if (process.env.DOCKER_HOST) {
    throw new Error(`No Docker engine answers at DOCKER_HOST=${where}. Start it, or unset DOCKER_HOST to let the tests start one.`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `No Docker engine answers at ${where}, and the tests can start one only as root. ` +
        'Run the tests as root, or start Docker and give this user access to its socket (the "docker" group).',
    );
  }
  if (!existsSync('/usr/sbin/dockerd') && !existsSync('/usr/bin/dockerd')) await installEngine(log);
  log('starting dockerd in the background (log: /var/log/mailwiz-test-dockerd.log) …');
  const out = openSync('/var/log/mailwiz-test-dockerd.log', 'a');
  const daemon = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  daemon.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await engineAnswers()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`dockerd did not answer within ${START_TIMEOUT_MS / 1000} s; see /var/log/mailwiz-test-dockerd.log.`);
}
