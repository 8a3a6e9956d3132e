import type Docker from 'dockerode';
import { TargetError } from './errors.js';

/** Where we are trying to reach the engine, in the words a user would look for. */
export function engineAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST && env.DOCKER_HOST !== '' ? env.DOCKER_HOST : 'unix:///var/run/docker.sock';
}

/**
 * Connects to the Docker engine the way the docker CLI does (DOCKER_HOST with unix://, tcp:// + DOCKER_TLS_VERIFY /
 * DOCKER_CERT_PATH, ssh://) and checks that it answers. dockerode is loaded here, lazily: most commands never need it.
 */
export async function connectEngine(options: { timeoutMs?: number } = {}): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  const docker = new Dockerode();
  const address = engineAddress();
  try {
    await withTimeout(docker.ping(), options.timeoutMs ?? 5000);
  } catch (error) {
    throw engineError(error, address);
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
    `Cannot reach the Docker engine at ${address} (${reason}). Is Docker installed and running? Set DOCKER_HOST to use another engine.`,
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
