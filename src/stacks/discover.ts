import type Docker from 'dockerode';
import { toTargetInfo } from '../target/docker-inspect.js';
import { DockerTarget } from '../target/index.js';
import { detectStacks, worthInspecting, COMPOSE_PROJECT_LABEL, STACK_LABEL, type ContainerFacts } from './detect.js';
import type { Stack, StackMember } from './stack.js';

const containerName = (info: Docker.ContainerInfo): string => (info.Names[0] ?? info.Id).replace(/^\//, '');

function listFacts(info: Docker.ContainerInfo): ContainerFacts {
  return {
    name: containerName(info),
    image: info.Image,
    state: info.State,
    labels: info.Labels ?? {},
    ports: [...new Set((info.Ports ?? []).map((p) => p.PrivatePort))],
  };
}

/**
 * Every mail system on the engine: one list call, then one inspect for each container that can be part of one (and
 * for the others of its compose project or `mailwiz.stack` group, whose settings may say what they are).
 */
export async function discoverStacks(docker: Docker): Promise<Stack[]> {
  const list = await docker.listContainers({ all: true });
  const facts = list.map(listFacts);
  const groupOf = (f: ContainerFacts): string | undefined => f.labels[STACK_LABEL] ?? f.labels[COMPOSE_PROJECT_LABEL];
  const relevantGroups = new Set(facts.filter(worthInspecting).map(groupOf).filter((g): g is string => g !== undefined));
  const candidates = facts.filter((f) => worthInspecting(f) || relevantGroups.has(groupOf(f) ?? '\0'));
  const inspected = new Map<string, Docker.ContainerInspectInfo>();
  await Promise.all(
    candidates.map(async (f) => {
      const details = await docker
        .getContainer(f.name)
        .inspect()
        .catch(() => undefined);
      if (details) {
        inspected.set(f.name, details);
        f.env = toTargetInfo(details).env;
      }
    }),
  );
  return detectStacks(candidates).map((detected) => ({
    name: detected.name,
    kind: detected.kind,
    grouping: detected.grouping,
    members: detected.members.flatMap((m): StackMember[] => {
      const details = inspected.get(m.container);
      // A container removed between the list and its inspect is no member any more.
      if (!details) return [];
      return [{ name: m.container, role: m.role, info: toTargetInfo(details), restarts: details.RestartCount ?? 0, target: new DockerTarget(docker, m.container) }];
    }),
  }));
}
