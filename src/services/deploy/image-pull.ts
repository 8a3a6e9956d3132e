import type Docker from 'dockerode';

/** Pulls an image over the engine, reporting each layer's progress as the engine streams it. */

export interface LayerProgress {
  id: string;
  /** The engine's words: Waiting, Downloading, Extracting, Pull complete, Already exists … */
  status: string;
  current?: number;
  total?: number;
}

interface PullEvent {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

const LAYER_ID = /^[0-9a-f]{12}$/;

export class PullError extends Error {
  override name = 'PullError';
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  return docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

export async function pullImage(docker: Docker, image: string, onProgress: (layers: LayerProgress[]) => void): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(image);
  } catch (error) {
    throw new PullError(`Cannot pull ${image}: ${(error as { json?: { message?: string } }).json?.message ?? (error as Error).message}`);
  }
  const layers = new Map<string, LayerProgress>();
  let failure: string | undefined;
  await new Promise<void>((resolve) => {
    docker.modem.followProgress(
      stream,
      () => resolve(),
      (event: PullEvent) => {
        if (event.error) failure = event.error;
        if (!event.id || !LAYER_ID.test(event.id) || !event.status) return;
        const layer: LayerProgress = { id: event.id, status: event.status };
        if (event.progressDetail?.total) {
          layer.current = event.progressDetail.current;
          layer.total = event.progressDetail.total;
        }
        layers.set(event.id, layer);
        onProgress([...layers.values()]);
      },
    );
  });
  if (failure) throw new PullError(`Cannot pull ${image}: ${failure}`);
}
