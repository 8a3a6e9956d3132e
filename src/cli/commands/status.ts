import { visibleText } from '../../dms/terminal-text.js';
import { KIND_TITLES, stackIsUp, type Stack, type StackMember } from '../../stacks/stack.js';
import { connectEngine, LocalTarget, TargetError, type TargetInfo } from '../../target/index.js';
import { runningInsideMailServer } from '../connect.js';

export interface StatusOptions {
  /** `-c NAME` or `--stack NAME`: the one mail system with that name, or holding that container. */
  pick?: string;
  json: boolean;
  /** Every Docker context the docker CLI knows, each asked concurrently. */
  allContexts?: boolean;
}

const CONTEXT_TIMEOUT_MS = 5000;

interface ContextStatus {
  context: string;
  engine: string;
  reachable: boolean;
  error?: string;
  stacks: Stack[];
}

async function contextStatus(context: string): Promise<ContextStatus> {
  const { discoverStacks } = await import('../../stacks/discover.js');
  const { chooseEngine } = await import('../../target/docker-context.js');
  let engine = context;
  try {
    engine = chooseEngine({ context }).describe;
    const docker = await connectEngine({ context, timeoutMs: CONTEXT_TIMEOUT_MS });
    return { context, engine, reachable: true, stacks: await discoverStacks(docker) };
  } catch (error) {
    return { context, engine, reachable: false, error: error instanceof Error ? error.message : String(error), stacks: [] };
  }
}

/** `status --all-contexts`: the mail systems of every engine this user's docker CLI knows, unreachable ones said so. */
async function allContextsStatus(json: boolean): Promise<number> {
  const { listContexts } = await import('../../target/docker-context.js');
  const results = await Promise.all(listContexts().map(contextStatus));
  if (json) {
    const value = results.map((r) => ({ context: r.context, engine: r.engine, reachable: r.reachable, ...(r.error ? { error: r.error } : {}), stacks: r.stacks.map(stackJson) }));
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  } else {
    const blocks = results.map((r) => {
      const head = `context    ${r.context}  ${r.engine}`;
      if (!r.reachable) return `${head}\n  unreachable: ${r.error ?? ''}`;
      if (r.stacks.length === 0) return `${head}\n  no mail system`;
      return `${head}\n${r.stacks.map((s) => stackText(s).split('\n').map((l) => (l ? `  ${l}` : l)).join('\n')).join('\n\n')}`;
    });
    process.stdout.write(`${blocks.join('\n\n').split('\n').map(visibleText).join('\n')}\n`);
  }
  return results.every((r) => r.reachable && r.stacks.every(stackIsUp)) ? 0 : 1;
}

const ports = (info: TargetInfo): string =>
  info.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`).join(', ') || '(none published)';

function memberJson(member: StackMember): Record<string, unknown> {
  const { info } = member;
  return {
    name: member.name,
    role: member.role,
    image: info.image,
    state: info.state,
    health: info.health ?? null,
    restarts: member.restarts,
    hostname: info.hostname,
    ports: info.ports,
  };
}

const stackJson = (stack: Stack): Record<string, unknown> => ({
  name: stack.name,
  kind: stack.kind,
  grouping: stack.grouping,
  up: stackIsUp(stack),
  members: stack.members.map(memberJson),
});

function memberText(member: StackMember): string[] {
  const { info } = member;
  const state = `${info.state}${info.health ? ` (${info.health})` : ''}${member.restarts ? `, ${member.restarts} restarts` : ''}`;
  return [
    `container  ${member.name}  [${member.role}]`,
    `image      ${info.image}`,
    `state      ${state}`,
    `hostname   ${info.hostname}`,
    `ports      ${ports(info)}`,
  ];
}

function stackText(stack: Stack): string {
  const head = `stack      ${stack.name}  ${KIND_TITLES[stack.kind]}, ${stack.members.length} member${stack.members.length === 1 ? '' : 's'}, ${stackIsUp(stack) ? 'up' : 'NOT all up'}`;
  return [head, ...stack.members.flatMap((m) => ['', ...memberText(m).map((l) => (stack.members.length > 1 ? `  ${l}` : l))])].join('\n');
}

/** `mailwiz status`: every mail system on the engine (or the one picked) with its members, roles and health. */
export async function statusCommand(options: StatusOptions): Promise<number> {
  if (options.allContexts) return allContextsStatus(options.json);
  if (!options.pick && runningInsideMailServer()) return localStatus(options.json);
  const { discoverStacks } = await import('../../stacks/discover.js');
  const stacks = await discoverStacks(await connectEngine());
  const picked = options.pick ? stacks.filter((s) => s.name === options.pick || s.members.some((m) => m.name === options.pick)) : stacks;
  if (options.pick && picked.length === 0) {
    const here = stacks.map((s) => `${s.name} (${s.kind}: ${s.members.map((m) => m.name).join(', ')})`).join('; ');
    throw new TargetError(
      'CONTAINER_NOT_FOUND',
      `There is no container named "${options.pick}", and no mail system of that name. ${here ? `Mail systems here: ${here}.` : 'No mail system runs here.'}`,
    );
  }
  if (options.json) {
    const value = options.pick && picked.length === 1 ? stackJson(picked[0]!) : picked.map(stackJson);
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  } else if (picked.length === 0) {
    process.stdout.write('No mail system runs on this Docker engine. Run "mailwiz" to install one.\n');
  } else {
    // Names come from labels the user (or anyone who can start a container) set: shown, never acted on.
    process.stdout.write(`${picked.map(stackText).join('\n\n').split('\n').map(visibleText).join('\n')}\n`);
  }
  return picked.length > 0 && picked.every(stackIsUp) ? 0 : 1;
}

/** Inside the mail server container: this machine is the server. */
async function localStatus(json: boolean): Promise<number> {
  const info = await new LocalTarget().info();
  process.stdout.write(json ? `${JSON.stringify(info, null, 2)}\n` : `container  ${info.name} (this machine)\nstate      ${info.state}\n`);
  return 0;
}
