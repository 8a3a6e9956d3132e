import type Docker from 'dockerode';

/** Waiting for a freshly started DMS: its readiness line in the log, then (when it has a health check) "healthy". */

const POLL_MS = 500;
const READY_LINE = /is up and running/;

export class NotReadyError extends Error {
  override name = 'NotReadyError';
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(message);
  }
}

/** Non-follow logs of a container without a TTY: 8-byte frame headers before each chunk. */
export function unframe(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

export async function containerLog(container: Docker.Container, tail?: number): Promise<string> {
  const logs = (await container.logs({ stdout: true, stderr: true, follow: false, ...(tail ? { tail } : {}) })) as unknown as Buffer;
  return unframe(logs);
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

export interface ReadyState {
  ready: boolean;
  health?: string;
}

/** Resolves once DMS logged its readiness line and, with a health check, reports healthy; throws with the log's tail. */
export async function waitUntilReady(
  container: Docker.Container,
  options: { timeoutMs: number; onStatus?: (message: string) => void },
): Promise<ReadyState> {
  const deadline = Date.now() + options.timeoutMs;
  let announced = '';
  const say = (message: string): void => {
    if (message !== announced) options.onStatus?.(message);
    announced = message;
  };
  let ready = false;
  for (;;) {
    const state = await container.inspect();
    if (!state.State.Running || state.State.Restarting) {
      const log = await containerLog(container);
      throw new NotReadyError(`The container stopped (exit code ${state.State.ExitCode})`, lastLines(log, 15));
    }
    if (!ready) ready = READY_LINE.test(await containerLog(container));
    const health = state.State.Health?.Status;
    if (ready && (health === undefined || health === 'healthy')) return { ready, health };
    if (health === 'unhealthy') {
      throw new NotReadyError('The container is running but its health check fails', lastLines(await containerLog(container), 15));
    }
    say(ready ? `started; health check: ${health ?? 'none'}` : 'starting the mail services…');
    if (Date.now() > deadline) {
      throw new NotReadyError(
        `Not ready after ${Math.round(options.timeoutMs / 1000)} s${ready ? ` (health: ${health})` : ''}`,
        lastLines(await containerLog(container), 15),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
