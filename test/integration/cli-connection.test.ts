import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { startTestbed, useTestbed } from '../support/testbed.js';

const testbed = useTestbed();

describe('mailwiz finds and reaches the mail server', () => {
  it('shows the container named with -c as a one-member docker-mailserver stack, as text and as JSON', async () => {
    const { name } = testbed();
    const text = await runCli(['-c', name, 'status']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^stack\\s+${name}\\s+docker-mailserver, 1 member, up`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`container\\s+${name}\\s+\\[mail-server\\]`));
    expect(text.stdout).toMatch(/127\.0\.0\.1:\d+->25\/tcp/);
    const json = await runCli(['-c', name, '--json', 'status']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      name,
      kind: 'dms',
      up: true,
      members: [{ name, role: 'mail-server', state: 'running', hostname: 'mail.example.test' }],
    });
  });

  it('names the missing container and lists the mail servers it did find', async () => {
    const { name } = testbed();
    const result = await runCli(['-c', 'mailwiz-nope', 'status']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('There is no container named "mailwiz-nope"');
    expect(result.stderr).toContain(name);
  });

  it('with several mail servers and nobody to ask, fails with the list', async () => {
    const second = await startTestbed();
    try {
      const listed = await runCli(['--json', 'status']);
      const names = (JSON.parse(listed.stdout) as { name: string }[]).map((s) => s.name);
      expect(names, 'status lists every mail system').toEqual(expect.arrayContaining([testbed().name, second.name]));
      const result = await runCli(['setup', 'email', 'list']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/Several containers look like mail servers: .*Name one with -c NAME/);
      expect(result.stderr).toContain(testbed().name);
      expect(result.stderr).toContain(second.name);
    } finally {
      await second.remove();
    }
  });

  it('says which engine address it could not reach', async () => {
    const result = await runCli(['status'], { env: { DOCKER_HOST: 'unix:///tmp/mailwiz-no-engine.sock' } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach the Docker engine at unix:\/\/\/tmp\/mailwiz-no-engine\.sock \(ENOENT\)/);
  });

  it('says permission was denied on a socket the user may not open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailwiz-sock-'));
    const socket = join(dir, 'docker.sock');
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    chmodSync(dir, 0o755);
    chmodSync(socket, 0o600);
    try {
      // As an unprivileged user, the way a user outside the "docker" group meets the real socket.
      const result = await runCli(['status'], {
        env: { DOCKER_HOST: `unix://${socket}` },
        uid: 65534,
        gid: 65534,
      });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`Permission denied on the Docker engine at unix://${socket}`);
    } finally {
      server.close();
    }
  });
});
