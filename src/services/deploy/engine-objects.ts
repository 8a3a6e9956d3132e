import type Docker from 'dockerode';
import { imageExists, pullImage, type LayerProgress } from './image-pull.js';

/** What a deploy makes on the engine, each made only when missing. */

export async function existingContainer(docker: Docker, name: string): Promise<Docker.ContainerInspectInfo | undefined> {
  return docker
    .getContainer(name)
    .inspect()
    .catch(() => undefined);
}

/** True when it was created now. */
export async function ensureNetwork(docker: Docker, options: Docker.NetworkCreateOptions): Promise<boolean> {
  const found = await docker.listNetworks({ filters: { name: [options.Name] } });
  if (found.some((n) => n.Name === options.Name)) return false;
  await docker.createNetwork(options);
  return true;
}

/** True when it was created now; an existing volume (and its data) is kept as it is. */
export async function ensureVolume(docker: Docker, options: Docker.VolumeCreateOptions & { Name: string }): Promise<boolean> {
  const exists = await docker
    .getVolume(options.Name)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (exists) return false;
  await docker.createVolume(options);
  return true;
}

export type PullOutcome = { pulled: true } | { pulled: false; reason: string };

/** Pulls the image; when the registry cannot be reached but the engine has a copy, that copy is used. */
export async function pullOrUseLocal(docker: Docker, image: string, onLayers: (layers: LayerProgress[]) => void): Promise<PullOutcome> {
  try {
    await pullImage(docker, image, onLayers);
    return { pulled: true };
  } catch (error) {
    if (!(await imageExists(docker, image))) throw error;
    return { pulled: false, reason: (error as Error).message };
  }
}
