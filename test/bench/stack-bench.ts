import Docker from 'dockerode';
import { discoverStacks } from '../../src/stacks/discover.js';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { median, report } from './measure.js';

const BASE = 'mailwiz-base:trixie';

async function sleeper(docker: Docker, name: string, image: string, labels: Record<string, string>, env: string[] = []): Promise<void> {
  const [repo = image, tag = 'latest'] = image.split(':');
  if (image !== BASE) await docker.getImage(BASE).tag({ repo, tag });
  const container = await docker.createContainer({ name, Image: image, Cmd: ['sleep', 'infinity'], Env: env, Labels: { [TEST_LABEL]: testRunId(), ...labels } });
  await container.start();
}

/**
 * Stack detection with 50 unrelated containers running beside a Kopano stack of four: how long `discoverStacks`
 * takes, as a ratio to its floor measured in the same run (one bare list call), and how many inspects it made.
 */
export async function stackBench(): Promise<void> {
  const docker = new Docker();
  const names: string[] = [];
  const run = `bench-${process.pid}`;
  try {
    for (let i = 0; i < 50; i++) {
      names.push(`${run}-web-${i}`);
      await sleeper(docker, names.at(-1)!, BASE, { 'com.docker.compose.project': `${run}-web${i % 5}`, 'com.docker.compose.service': `web${i}` });
    }
    const compose = (service: string): Record<string, string> => ({ 'com.docker.compose.project': run, 'com.docker.compose.service': service });
    const members: [string, string, string[]][] = [
      ['app', 'mlan/kopano:bench', ['USER_PLUGIN=ldap', 'MYSQL_HOST=db']],
      ['mta', 'mlan/postfix-amavis:bench', ['VIRTUAL_TRANSPORT=lmtp:app:2003']],
      ['db', 'mariadb:bench', ['MYSQL_ROOT_PASSWORD=x']],
      ['auth', 'mlan/openldap:bench', []],
    ];
    for (const [service, image, env] of members) {
      names.push(`${run}-${service}-1`);
      await sleeper(docker, names.at(-1)!, image, compose(service), env);
    }

    let inspects = 0;
    const counting = new Proxy(docker, {
      get(target, property, receiver) {
        if (property !== 'getContainer') return Reflect.get(target, property, receiver);
        return (id: string) => {
          const container = target.getContainer(id);
          const inspect = container.inspect.bind(container);
          return Object.assign(container, { inspect: (...args: []) => (inspects++, inspect(...args)) });
        };
      },
    });
    const floor = await median(9, () => docker.listContainers({ all: true }));
    const found = await discoverStacks(counting);
    const perRun = inspects;
    const detection = await median(9, () => discoverStacks(docker));
    const kopano = found.find((s) => s.name === run);
    report(
      'Stack detection among 50 unrelated containers (median of 9)',
      [[54, floor, detection, detection / floor, perRun, kopano ? `${kopano.kind}, ${kopano.members.length} members` : 'NOT FOUND']],
      ['containers (+ others on the engine)', 'list call ms (floor)', 'discoverStacks ms', 'ratio', 'inspects per detection', 'found'],
    );
  } finally {
    await Promise.all(names.map((n) => docker.getContainer(n).remove({ force: true }).catch(() => undefined)));
  }
}
