import Docker from 'dockerode';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { projectName } from '../../src/services/deploy/container-spec.js';
import { DockerTarget } from '../../src/target/index.js';
import { ensureStandInImage } from '../env/stand-in-images.js';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { eventually } from '../support/eventually.js';
import { APP_IMAGE, AUTH_IMAGE, DB_IMAGE, MTA_IMAGE } from '../support/kopano-stand-in.js';
import { sendMail } from '../support/mail-clients.js';
import { runCli } from '../support/run-cli.js';
import { trySend } from '../support/smtp-outcome.js';
import { requireEnvironment } from '../support/testbed.js';
import { KEYS } from '../support/wizard-ink.js';
import { renderStep, stepServices } from '../support/wizard-steps.js';
import { DeployStep } from '../../wizards/deploy-step.js';
import { parseAnswersFile } from '../../src/dms/wizard-answers-file.js';
import { ensurePackages, freePort } from '../support/wizard-apt.js';

/**
 * `mailwiz init --answers` with `system: kopano`, end to end on the engine: the files it writes (compose.yaml with no
 * password, 0600 secret files), the four services it creates and starts over the API with compose's labels, the
 * stack taking mail through the bundled directory with the bind password from the secret files. The images are the
 * stand-ins under the real names (test/stand-ins/README.md): no Kopano server runs here.
 */

const docker = new Docker();
let base: string;
let directory: string;
let project: string;
let smtpPort: number;
let init: { stdout: string; stderr: string; exitCode: number };

const compose = (args: string[]) => execa('docker-compose', ['--project-directory', directory, '-f', join(directory, 'compose.yaml'), ...args], { reject: false, cwd: directory });

beforeAll(async () => {
  requireEnvironment();
  await ensurePackages({ '/usr/bin/docker-compose': 'docker-compose' });
  for (const [name, image] of [['postfix-amavis', MTA_IMAGE], ['lmtp-sink', APP_IMAGE], ['mariadb', DB_IMAGE], ['openldap', AUTH_IMAGE]] as const) {
    await ensureStandInImage(name, image);
  }
  base = await mkdtemp(join(tmpdir(), 'mailwiz-kopano-init-'));
  directory = join(base, `kopano${testRunId().replace(/[^a-z0-9]/g, '')}`);
  project = projectName(directory);
  smtpPort = await freePort();
  const answers = {
    system: 'kopano',
    directory,
    domains: ['example.test'],
    hostname: 'mail.example.test',
    ipv4: '203.0.113.10',
    tls: { type: 'none' },
    publish: { address: '127.0.0.1', ports: { '25': smtpPort, '80': await freePort(), '143': await freePort() } },
    dns: ['127.0.0.1'],
    kopano: {
      users: 'ldap',
      directory: 'bundled',
      ldap: { userClass: 'kopano-user', groupClass: 'kopano-group' },
      images: { app: APP_IMAGE, mta: MTA_IMAGE, db: DB_IMAGE, auth: AUTH_IMAGE },
    },
  };
  await writeFile(join(base, 'answers.yaml'), stringify(answers), { mode: 0o600 });
  init = await runCli(['init', '--answers', join(base, 'answers.yaml'), '--yes'], { env: { MAILWIZ_TEST_LABEL: `${TEST_LABEL}=${testRunId()}` } });
}, 900_000);

afterAll(async () => {
  const ours = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  await Promise.all(ours.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  for (const volume of ['app-atch', 'app-conf', 'app-spam', 'app-sync', 'auth', 'db', 'mta']) await docker.getVolume(`${project}_${volume}`).remove().catch(() => undefined);
  await docker.getNetwork(`${project}_backend`).remove().catch(() => undefined);
  await rm(base, { recursive: true, force: true });
});

describe('mailwiz init --answers with system: kopano', () => {
  it('writes compose.yaml without a password and the secrets as 0600 files that compose reads', async () => {
    expect(init.exitCode, `${init.stdout}\n${init.stderr}`).toBe(0);
    const file = await readFile(join(directory, 'compose.yaml'), 'utf8');
    for (const service of ['db', 'auth', 'app', 'mta']) expect(file).toMatch(new RegExp(`^  ${service}:$`, 'm'));
    const secrets = ['db', 'auth', 'app', 'mta'].map((s) => join(directory, 'secrets', `${s}.env`));
    const passwords: string[] = [];
    for (const secret of secrets) {
      expect((await stat(secret)).mode & 0o777, secret).toBe(0o600);
      passwords.push(...[...(await readFile(secret, 'utf8')).matchAll(/^[A-Z_]+=(.+)$/gm)].map((m) => m[1] ?? ''));
    }
    expect(passwords.length).toBeGreaterThanOrEqual(4);
    for (const password of passwords) {
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(file).not.toContain(password);
      expect(init.stdout + init.stderr).not.toContain(password);
    }
    // Compose itself reads the file as we mean it (the same services, the env files merged in).
    const config = await compose(['config']);
    expect(config.exitCode, config.stderr).toBe(0);
    expect(config.stdout).toContain('LDAP_BIND_PW');
  });

  it('created the four services over the API with compose labels; status sees one Kopano stack, all running', async () => {
    expect(init.stdout).toMatch(/✓ ready: 4 services up; the MTA hands mail to Kopano/);
    const status = await runCli(['--stack', project, '--json', 'status']);
    expect(status.exitCode, status.stderr).toBe(0);
    const stack = JSON.parse(status.stdout) as { kind: string; members: { role: string; name: string; state: string }[] };
    expect(stack.kind).toBe('kopano');
    expect(stack.members.map((m) => `${m.role} ${m.name} ${m.state}`).sort()).toEqual(
      [`database ${project}-db-1 running`, `directory ${project}-auth-1 running`, `groupware ${project}-app-1 running`, `mta ${project}-mta-1 running`].sort(),
    );
    // docker compose takes them as its own: `ps` lists the four without recreating anything.
    const ps = await compose(['ps', '--services']);
    expect(ps.stdout.split('\n').filter(Boolean).sort()).toEqual(['app', 'auth', 'db', 'mta']);
    // The DNS records carry the DKIM key Amavis made in the MTA.
    expect(init.stdout).toMatch(/TXT +default\._domainkey\.example\.test +v=DKIM1; k=rsa; p=MII/);
    // No TLS and no submission port in this stack: no SRV record sends clients to ports it does not offer.
    expect(init.stdout).not.toMatch(/_submissions?\._tcp|_imaps\._tcp/);
  });

  it('takes mail for a user added to the bundled directory, and rejects an unknown one', async () => {
    const auth = new DockerTarget(docker, `${project}-auth-1`);
    const ldif = [
      'dn: dc=example,dc=test\nobjectClass: organization\nobjectClass: dcObject\ndc: example\no: example.test',
      'dn: ou=users,dc=example,dc=test\nobjectClass: organizationalUnit\nou: users',
      'dn: uid=jane,ou=users,dc=example,dc=test\nobjectClass: inetOrgPerson\nobjectClass: kopano-user\ncn: Jane\nsn: Doe\nuid: jane\nmail: jane@example.test\nkopanoAccount: 1',
    ].join('\n\n');
    const added = await auth.exec(['ldapadd', '-Q'], { stdin: `${ldif}\n` });
    expect(added.exitCode, added.stderr).toBe(0);

    // Postfix binds as the directory's root DN with the password from secrets/: a wrong one would answer 451.
    const unknown = await trySend({ port: smtpPort, from: 'sender@example.net', to: 'nobody@example.test' });
    expect(unknown).toMatchObject({ accepted: false, code: 550 });
    await sendMail(smtpPort, { from: 'sender@example.net', to: 'jane@example.test', subject: 'first mail of a new stack' });
    const app = new DockerTarget(docker, `${project}-app-1`);
    const delivered = await eventually(async () => (await app.exec(['sh', '-c', 'cat /var/lib/delivery-sink/*.eml 2>/dev/null'])).stdout.includes('first mail of a new stack'), 90_000);
    expect(delivered, 'the message reached the groupware over LMTP').toBe(true);
  }, 180_000);

  it('a second run keeps the generated passwords (the database holds the first ones) and refuses to replace running containers', async () => {
    const before = await readFile(join(directory, 'secrets', 'db.env'), 'utf8');
    const again = await runCli(['init', '--answers', join(base, 'answers.yaml'), '--yes']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/Containers of this stack exist already: .*-db-1 \(running\).* Add --replace to replace them \(their volumes are kept\)/);
    expect(await readFile(join(directory, 'secrets', 'db.env'), 'utf8')).toBe(before);
    expect(again.stdout).toMatch(/same +.*secrets\/db\.env/);
  });

  it("the wizard's deploy step asks before replacing the stack's containers, redeploys, and the directory's users survive in its volume", async () => {
    const { answers } = parseAnswersFile(await readFile(join(base, 'answers.yaml'), 'utf8'), base);
    const step = await renderStep(DeployStep, answers, { services: stepServices(undefined) });
    try {
      await step.press('y');
      await step.until(/Replace the stack's containers\?/, 60_000);
      expect(step.frame().replace(/\s+/g, ' ')).toContain(`A container named ${project}-mta-1 exists (running). Replace the stack's containers? Their volumes (mail, database, directory) are kept. (y/n)`);
      await step.press('y');
      await step.until(/r: check DNS/, 600_000);
      await step.press(KEYS.enter);
      expect(step.quit()?.message).toMatch(new RegExp(`^The ${project} stack is up\\. Manage it with: mailwiz --stack ${project} console`));
    } finally {
      await step.unmount();
    }
    // jane, added to the directory before, is still known: the auth volume kept the data.
    await sendMail(smtpPort, { from: 'sender@example.net', to: 'jane@example.test', subject: 'after the redeploy' });
    const app = new DockerTarget(docker, `${project}-app-1`);
    const delivered = await eventually(async () => (await app.exec(['sh', '-c', 'cat /var/lib/delivery-sink/*.eml 2>/dev/null'])).stdout.includes('after the redeploy'), 90_000);
    expect(delivered).toBe(true);
  }, 900_000);
});
