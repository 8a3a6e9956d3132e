import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { chooseEngine, DockerContextError, type EngineChoice } from './docker-context.js';
import { debugEnabled, traceEngine } from './engine-debug.js';
import { loadModemSsh } from './modem-ssh.js';
import { sshOptions } from './ssh-endpoint.js';
import { TargetError } from './errors.js';

/** Where we are trying to reach the engine, in the words a user would look for (the context and its endpoint). */
export function engineAddress(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return chooseEngine({ context: env.MAILWIZ_DOCKER_CONTEXT, env }).describe;
  } catch {
    return env.MAILWIZ_DOCKER_CONTEXT ?? env.DOCKER_CONTEXT ?? 'unix:///var/run/docker.sock';
  }
}

/** Whether the engine runs on this machine (a unix socket here): then its bind mounts' sources are our files. */
export function engineIsLocal(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const choice = chooseEngine({ context: env.MAILWIZ_DOCKER_CONTEXT, env });
    const host = choice.host ?? (env.DOCKER_HOST || 'unix:///var/run/docker.sock');
    return host.startsWith('unix://');
  } catch {
    return false;
  }
}

/**
 * dockerode's options for an endpoint; none for a DOCKER_HOST of unix:// or tcp:// and the default, which dockerode
 * reads itself. `explain` says why an ssh host key was refused, once a connection failed.
 */
export function dockerodeOptions(choice: EngineChoice): { options: Docker.DockerOptions; explain?: () => string | undefined } {
  if (!choice.host) return { options: {} };
  const url = new URL(choice.host);
  if (url.protocol === 'unix:') return { options: { socketPath: url.pathname || '/var/run/docker.sock' } };
  if (url.protocol === 'ssh:') {
    const port = Number(url.port || 22);
    const ssh = sshOptions(url.hostname, port);
    // docker-modem builds each request's URL as "ssh:host:port…", which Node flags as deprecated (DEP0170) on the
    // user's terminal; the request itself goes through the ssh channel and is fine.
    process.noDeprecation = true;
    return {
      options: { protocol: 'ssh', host: url.hostname, port, username: decodeURIComponent(url.username), sshOptions: ssh.options } as Docker.DockerOptions,
      explain: ssh.refusal,
    };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetError('ENGINE_UNREACHABLE', `mailwiz cannot talk to an engine at ${choice.host} (unix://, tcp:// and ssh:// are supported)`);
  }
  const read = (file: string | undefined): Buffer | undefined => (file ? readFileSync(file) : undefined);
  const tls = choice.tls;
  const secure = tls !== undefined || url.protocol === 'https:';
  return {
    options: {
      protocol: secure ? 'https' : 'http',
      host: url.hostname,
      port: url.port || (secure ? 2376 : 2375),
      ...(tls ? { ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key) } : {}),
      ...(tls?.skipVerify ? { checkServerIdentity: () => undefined } : {}),
    },
  };
}

/**
 * Connects to the Docker engine the way the docker CLI does (`--context`, DOCKER_HOST with unix://, tcp:// +
 * DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, ssh://, DOCKER_CONTEXT, the CLI's current context) and checks that it answers. dockerode is loaded here, lazily: most commands never need it.
 */
/** One client per engine and process: the console's connect and its stack discovery share one ping. */
const engines = new Map<string, Promise<Docker>>();

export function connectEngine(options: { timeoutMs?: number; context?: string } = {}): Promise<Docker> {
  const key = `${options.context ?? process.env.MAILWIZ_DOCKER_CONTEXT ?? ''}\0${process.env.DOCKER_HOST ?? ''}\0${process.env.DOCKER_CONTEXT ?? ''}\0${process.env.DOCKER_CONFIG ?? ''}`;
  const known = engines.get(key);
  if (known) return known;
  const connecting = openEngine(options);
  engines.set(key, connecting);
  // A failed connection is not kept: the next call tries again.
  connecting.catch(() => engines.delete(key));
  return connecting;
}

async function openEngine(options: { timeoutMs?: number; context?: string }): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  let choice: EngineChoice;
  try {
    choice = chooseEngine({ context: options.context ?? process.env.MAILWIZ_DOCKER_CONTEXT });
  } catch (error) {
    if (error instanceof DockerContextError) throw new TargetError('ENGINE_UNREACHABLE', error.message);
    throw error;
  }
  const client = dockerodeOptions(choice);
  if (client.options.protocol === 'ssh') await loadModemSsh();
  const docker = new Dockerode(client.options);
  const address = choice.describe;
  if (debugEnabled()) traceEngine(docker, address);
  try {
    await withTimeout(docker.ping(), options.timeoutMs ?? 5000);
  } catch (error) {
    const refused = client.explain?.();
    throw refused ? new TargetError('ENGINE_UNREACHABLE', refused) : engineError(error, address);
  }
  return docker;
}

export function engineError(error: unknown, address: string): TargetError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    return new TargetError(
      'ENGINE_PERMISSION',
      `Permission denied on the Docker engine at ${address}. Run as root, or add your user to the "docker" group (then log in again).`,
    );
  }
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new TargetError(
    'ENGINE_UNREACHABLE',
    `Cannot reach the Docker engine at ${address} (${reason}). Is Docker installed and running? Set DOCKER_HOST or --context to use another engine.`,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`no answer in ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
