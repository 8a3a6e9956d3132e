import Docker from 'dockerode';
import { DockerTarget } from '../../src/target/index.js';
import { ensureStandInImage } from '../env/stand-in-images.js';
import { TEST_LABEL, testRunId } from './cleanup.js';
import { eventually } from './eventually.js';

/**
 * One Exim of docker-dovecot, as the exim stand-in runs it (Debian 13's Exim 4.98 at /usr/exim/bin/exim with
 * /etc/exim/config.d/exim.conf), named like the seed's `exim-ext-mailout` inside a compose project. Mail for other
 * domains defers (nothing listens on its smarthost port), mail for frozen.test is frozen.
 */
export interface EximStandIn {
  name: string;
  target: DockerTarget;
  /** Queues a message with `exim -odq` (no delivery attempt) and returns its ID. */
  submit(from: string, to: string[], subject: string, body?: string): Promise<string>;
  /** One delivery attempt for everything queued (`exim -qff`). */
  runQueue(): Promise<void>;
  remove(): Promise<void>;
}

export const EXIM_IMAGE = 'mailwiz-standin/exim';
export const EXIM = ['/usr/exim/bin/exim', '-C', '/etc/exim/config.d/exim.conf'];

export async function startEximStandIn(service = 'exim-ext-mailout', labels: Record<string, string> = {}): Promise<EximStandIn> {
  const docker = new Docker();
  const image = await ensureStandInImage('exim');
  const project = `dovecot-${testRunId()}-${Math.random().toString(36).slice(2, 7)}`;
  const name = `${project}-${service}-1`;
  const container = await docker.createContainer({
    name,
    Image: image,
    Hostname: 'mail',
    Env: ['DOMAIN=example.test'],
    Labels: { [TEST_LABEL]: testRunId(), 'com.docker.compose.project': project, 'com.docker.compose.service': service, ...labels },
  });
  await container.start();
  const target = new DockerTarget(docker, name);
  const started = async () => /daemon started/.test((await target.exec(['cat', '/var/log/exim/main.log'])).stdout);
  if (!(await eventually(started, 60_000))) throw new Error(`Exim did not start in ${name}`);
  return {
    name,
    target,
    async submit(from, to, subject, body = 'body') {
      // An SMTP session on stdin (-bs) answers with the message ID; -odq queues without a delivery attempt.
      const session = [`HELO test`, `MAIL FROM:<${from}>`, ...to.map((r) => `RCPT TO:<${r}>`), 'DATA', `Subject: ${subject}`, '', body, '.', 'QUIT', ''].join('\r\n');
      const result = await target.exec([...EXIM, '-odq', '-bs'], { stdin: session });
      const id = /^250 OK id=(\S+)/m.exec(result.stdout)?.[1];
      if (!id) throw new Error(`exim -bs did not queue the message (${result.exitCode}): ${result.stdout}${result.stderr}`);
      return id;
    },
    async runQueue() {
      const result = await target.exec([...EXIM, '-qff']);
      if (result.exitCode !== 0) throw new Error(`exim -qff failed: ${result.stderr}`);
    },
    remove: () => container.remove({ force: true }).then(() => undefined),
  };
}
