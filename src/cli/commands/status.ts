import { connectTarget } from '../connect.js';

/** `mailwiz status`: which mail server we found and how it is doing. */
export async function statusCommand(container: string | undefined, json: boolean): Promise<number> {
  const info = await (await connectTarget({ container })).info();
  if (json) {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return 0;
  }
  const ports = info.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`).join(', ');
  const lines = [
    `container  ${info.name}`,
    `image      ${info.image}`,
    `state      ${info.state}${info.health ? ` (${info.health})` : ''}`,
    `hostname   ${info.hostname}`,
    `ports      ${ports || '(none published)'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return info.state === 'running' ? 0 : 1;
}
