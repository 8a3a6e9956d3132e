import type { Target, TargetInfo } from '../target/index.js';
import type { DetectedStack, Role, StackKind } from './detect.js';

/** One container of a mail system, with the part it plays and how it is doing. */
export interface StackMember {
  name: string;
  role: Role;
  /** What the engine said when the stack was found: image, state (running, exited …), health, ports … */
  info: TargetInfo;
  restarts: number;
  target: Target;
}

/** One mail system: DMS alone, or several containers each with a role. */
export interface Stack {
  name: string;
  kind: StackKind;
  grouping: DetectedStack['grouping'];
  members: StackMember[];
}

/** The first member playing one of these roles, in the order given. */
export function memberFor(stack: Stack, ...roles: Role[]): StackMember | undefined {
  for (const role of roles) {
    const found = stack.members.find((m) => m.role === role);
    if (found) return found;
  }
  return undefined;
}

export const KIND_TITLES: Record<StackKind, string> = {
  dms: 'docker-mailserver',
  kopano: 'Kopano (mlan/kopano + mlan/postfix-amavis)',
  'docker-dovecot': 'docker-dovecot (Exim, Dovecot, Rspamd)',
};

/** Whether every member runs, and none is unhealthy by its image's health check ("starting" is not a failure yet). */
export function stackIsUp(stack: Stack): boolean {
  return stack.members.every((m) => m.info.state === 'running' && m.info.health !== 'unhealthy');
}

/** How a member is named beside its lines: its role, or its compose service where several share the role (the Exims). */
export function memberLabel(stack: Stack, member: StackMember): string {
  const shared = stack.members.filter((o) => o.role === member.role).length > 1;
  return shared ? (member.info.labels['com.docker.compose.service'] ?? member.name) : member.role;
}
