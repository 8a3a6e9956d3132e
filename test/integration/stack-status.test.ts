import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { runCli } from '../support/run-cli.js';
import { requireEnvironment } from '../support/testbed.js';

/**
 * `mailwiz status` finds mail systems made of several containers on the real engine. The containers here only
 * sleep: they carry the real images' names (tagged locally from our Debian base image), compose labels and the
 * settings of mlan/kopano's compose example, which is all detection reads. (What runs in a Kopano stack is the
 * stand-in stack's business, not this test's.)
 */

const docker = new Docker();
const project = `kopano-detect-${process.pid}`;
const BASE = 'mailwiz-base:trixie';
const made: string[] = [];

async function sleeper(name: string, image: string, labels: Record<string, string>, env: string[] = []): Promise<void> {
  const [repo = image, tag = 'latest'] = image.split(':');
  await docker.getImage(BASE).tag({ repo, tag });
  const container = await docker.createContainer({
    name,
    Image: image,
    Cmd: ['sleep', 'infinity'],
    Env: env,
    Labels: { [TEST_LABEL]: testRunId(), ...labels },
    HostConfig: { AutoRemove: false },
  });
  made.push(name);
  await container.start();
}

const compose = (service: string): Record<string, string> => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
});

beforeAll(async () => {
  requireEnvironment();
  await sleeper(`${project}-app-1`, 'mlan/kopano:detect', compose('app'), ['USER_PLUGIN=ldap', 'LDAP_URI=ldap://auth:389/', 'MYSQL_HOST=db', 'SMTP_SERVER=mta']);
  await sleeper(`${project}-mta-1`, 'mlan/postfix-amavis:detect', compose('mta'), ['LDAP_HOST=auth', 'VIRTUAL_TRANSPORT=lmtp:app:2003', 'MAIL_DOMAIN=example.com']);
  await sleeper(`${project}-db-1`, 'mariadb:detect', compose('db'), ['MYSQL_ROOT_PASSWORD=secret']);
  await sleeper(`${project}-auth-1`, 'mlan/openldap:detect', compose('auth'));
  await sleeper(`${project}-web-1`, BASE, compose('web'));
  for (let i = 0; i < 3; i++) await sleeper(`unrelated-${process.pid}-${i}`, BASE, {});
  // Retagged images: only the settings say what these are.
  await sleeper(`retagged-${process.pid}-groupware`, 'registry.example.com/ops/groupware:7', { 'mailwiz.stack': `office-${process.pid}` }, ['USER_PLUGIN=db', 'MYSQL_HOST=sql']);
  await sleeper(`retagged-${process.pid}-mta`, 'registry.example.com/ops/mta:7', { 'mailwiz.stack': `office-${process.pid}` }, ['VIRTUAL_TRANSPORT=lmtp:groupware:2003']);
}, 180_000);

afterAll(async () => {
  await Promise.all(made.map((name) => docker.getContainer(name).remove({ force: true }).catch(() => undefined)));
});

interface StackJson {
  name: string;
  kind: string;
  up: boolean;
  members: { name: string; role: string; state: string }[];
}

describe('mailwiz status on the real engine', () => {
  it('lists the Kopano stack of a compose project with each member and role, and no unrelated container', async () => {
    const result = await runCli(['--json', 'status']);
    const stacks = JSON.parse(result.stdout) as StackJson[];
    const kopano = stacks.find((s) => s.name === project);
    expect(kopano).toMatchObject({ kind: 'kopano', up: true });
    expect(kopano?.members.map((m) => `${m.role} ${m.name}`)).toEqual([
      `mta ${project}-mta-1`,
      `groupware ${project}-app-1`,
      `directory ${project}-auth-1`,
      `database ${project}-db-1`,
    ]);
    const everyMember = stacks.flatMap((s) => s.members.map((m) => m.name));
    expect(everyMember.filter((n) => n.includes(`unrelated-${process.pid}`) || n === `${project}-web-1`)).toEqual([]);
    expect(stacks.find((s) => s.name === `office-${process.pid}`)).toMatchObject({
      kind: 'kopano',
      members: [expect.objectContaining({ role: 'mta' }), expect.objectContaining({ role: 'groupware' })],
    });
  });

  it('--stack and -c pick one stack, by its name or by a member; text names the kind and every member', async () => {
    const byStack = await runCli(['--stack', project, 'status']);
    expect(byStack.exitCode, byStack.stderr).toBe(0);
    expect(byStack.stdout).toMatch(new RegExp(`^stack\\s+${project}\\s+Kopano .*4 members, up`, 'm'));
    for (const service of ['app', 'mta', 'db', 'auth']) expect(byStack.stdout).toMatch(new RegExp(`container\\s+${project}-${service}-1\\s+\\[`));
    const byMember = await runCli(['-c', `${project}-db-1`, '--json', 'status']);
    expect(JSON.parse(byMember.stdout)).toMatchObject({ name: project, kind: 'kopano' });
  });

  it('says when a member is down, and exits 1', async () => {
    await docker.getContainer(`${project}-db-1`).stop({ t: 0 });
    const result = await runCli(['--stack', project, 'status']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/NOT all up/);
    expect(result.stdout).toMatch(new RegExp(`${project}-db-1\\s+\\[database\\]\\s+image\\s+\\S+\\s+state\\s+exited`));
  });

  it('names a stack that is not there, with the ones that are', async () => {
    const result = await runCli(['--stack', 'no-such-stack', 'status']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`no mail system of that name\\. Mail systems here: .*${project} \\(kopano: `));
  });
});
