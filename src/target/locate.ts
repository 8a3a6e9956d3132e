import type Docker from 'dockerode';
import { TargetError } from './errors.js';

export interface Candidate {
  name: string;
  image: string;
  state: string;
  /** Why we think it is a mail server. */
  reason: 'image' | 'label' | 'smtp-port';
}

export interface LocateOptions {
  /** `-c NAME`: use exactly this container. */
  name?: string;
  /** The user's last choice, preferred when it is still among several candidates. */
  remembered?: string;
  /** Asks the user to pick one of several; absent when nobody can be asked. */
  choose?: (candidates: Candidate[]) => Promise<string>;
}

const DMS_IMAGE = /(^|\/)(docker-mailserver|mailserver)(:|@|$)|(^|\/)mailwiz-testbed(:|@|$)/;
const DMS_TITLE_LABEL = 'org.opencontainers.image.title';

export function classify(container: Docker.ContainerInfo): Candidate | undefined {
  const name = (container.Names[0] ?? container.Id).replace(/^\//, '');
  const base = { name, image: container.Image, state: container.State };
  if (DMS_IMAGE.test(container.Image)) return { ...base, reason: 'image' };
  if (container.Labels?.[DMS_TITLE_LABEL] === 'docker-mailserver') return { ...base, reason: 'label' };
  if (container.Ports?.some((p) => p.PrivatePort === 25 && p.Type === 'tcp')) return { ...base, reason: 'smtp-port' };
  return undefined;
}

/** Finds the mail server container: by name, else the one that looks like DMS, else the one publishing port 25. */
export async function locateMailServer(docker: Docker, options: LocateOptions = {}): Promise<string> {
  const all = await docker.listContainers({ all: true });
  if (options.name) {
    const wanted = options.name;
    const found = all.find((c) => c.Names.some((n) => n.replace(/^\//, '') === wanted) || c.Id.startsWith(wanted));
    if (found) return (found.Names[0] ?? found.Id).replace(/^\//, '');
  }
  return pickMailServer(
    all.map(classify).filter((c): c is Candidate => c !== undefined),
    options,
  );
}

/** The choice among the containers that look like mail servers; `options.name` was not found when given. */
export async function pickMailServer(candidates: Candidate[], options: LocateOptions = {}): Promise<string> {
  const names = { candidates: candidates.map((c) => c.name) };
  if (options.name) {
    throw new TargetError('CONTAINER_NOT_FOUND', notFoundMessage(`There is no container named "${options.name}".`, candidates), names);
  }
  const pool = pickPool(candidates.filter((c) => c.state === 'running'));
  if (pool.length === 1 && pool[0]) return pool[0].name;
  if (pool.length === 0) {
    throw new TargetError('CONTAINER_NOT_FOUND', notFoundMessage('No running docker-mailserver container was found.', candidates), names);
  }
  const remembered = pool.find((c) => c.name === options.remembered);
  if (remembered) return remembered.name;
  if (options.choose) return options.choose(pool);
  throw new TargetError(
    'CONTAINER_AMBIGUOUS',
    `Several containers look like mail servers: ${pool.map((c) => c.name).join(', ')}. Name one with -c NAME.`,
    { candidates: pool.map((c) => c.name) },
  );
}

/** Containers that look like DMS win over ones that merely publish port 25. */
function pickPool(running: Candidate[]): Candidate[] {
  const dmsLike = running.filter((c) => c.reason !== 'smtp-port');
  return dmsLike.length > 0 ? dmsLike : running;
}

function notFoundMessage(headline: string, candidates: Candidate[]): string {
  if (candidates.length === 0) return `${headline} Start one, or run "mailwiz" to install one.`;
  const list = candidates.map((c) => `${c.name} (${c.image}, ${c.state})`).join(', ');
  return `${headline} Mail server containers here: ${list}. Name one with -c NAME.`;
}
