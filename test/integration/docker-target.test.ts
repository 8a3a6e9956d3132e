import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerTarget, isTargetError, type LogEvent } from '../../src/target/index.js';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { eventually } from '../support/eventually.js';
import { useTestbed } from '../support/testbed.js';

const testbed = useTestbed();

describe('DockerTarget.exec', () => {
  it('returns stdout, stderr and the exit code separately', async () => {
    const result = await testbed().target.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ stdout: 'out\n', stdoutBytes: Buffer.from('out\n'), stderr: 'err\n', exitCode: 3, truncated: false });
  });

  it('feeds stdin and closes it, so a reader sees the whole input and its end', async () => {
    const input = `first line\nsecond: ünïcødé | with pipe\n${'x'.repeat(1_000_000)}`;
    const result = await testbed().target.exec(['sh', '-c', 'cat; echo "<eof>"'], { stdin: input });
    expect(result.stdout).toBe(`${input}<eof>\n`);
  });

  it('runs as the given user with the given environment', async () => {
    const result = await testbed().target.exec(['sh', '-c', 'echo "$(id -un) $GREETING"'], {
      user: 'nobody',
      env: { GREETING: 'hello there' },
    });
    expect(result.stdout).toBe('nobody hello there\n');
  });

  it('ends a command that runs past its timeout, inside the container too', async () => {
    const target = testbed().target;
    const started = Date.now();
    const error = await target.exec(['sleep', '300'], { timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(isTargetError(error, 'TIMEOUT')).toBe(true);
    expect(Date.now() - started).toBeLessThan(8000);
    const left = await target.exec(['sh', '-c', 'ps -eo args | grep -c "^sleep 300" || true']);
    expect(left.stdout.trim()).toBe('0');
  });

  it('returns large output whole, and bounds it when asked', async () => {
    const target = testbed().target;
    const big = await target.exec(['sh', '-c', "head -c 20000000 /dev/zero | tr '\\0' a"]);
    expect(big.stdout.length).toBe(20_000_000);
    expect(big.truncated).toBe(false);
    const bounded = await target.exec(['sh', '-c', "head -c 20000000 /dev/zero | tr '\\0' a"], { maxOutputBytes: 1000 });
    expect(bounded.stdout.length).toBe(1000);
    expect(bounded.truncated).toBe(true);
  });

  it('says when a command does not exist in the container', async () => {
    const error = await testbed().target.exec(['no-such-command', '--flag']).catch((e: unknown) => e);
    expect(isTargetError(error, 'COMMAND_MISSING')).toBe(true);
    expect((error as Error).message).toContain('"no-such-command" is not available');
  });
});

describe('DockerTarget files', () => {
  it('writes a new file atomically with the requested mode, seen inside the container and on the host volume', async () => {
    const { target, configDir } = testbed();
    const content = 'user@example.test|{SHA512-CRYPT}$6$abc$def\nsecond line ünïcødé';
    await target.writeFile('/tmp/docker-mailserver/new-file.cf', content, { mode: 0o600 });
    const stat = await target.exec(['stat', '-c', '%a %U', '/tmp/docker-mailserver/new-file.cf']);
    expect(stat.stdout.trim()).toBe('600 root');
    expect(await target.readFile('/tmp/docker-mailserver/new-file.cf')).toBe(content);
    expect(await readFile(join(configDir, 'new-file.cf'), 'utf8')).toBe(content);
  });

  it('replaces an existing file by rename, keeping its mode and owner, leaving no temporary file', async () => {
    const { target } = testbed();
    const path = '/tmp/docker-mailserver/kept.cf';
    await target.exec(['sh', '-c', `echo old > ${path} && chmod 640 ${path} && chown 5000:5000 ${path}`]);
    const before = await target.exec(['stat', '-c', '%i', path]);
    await target.writeFile(path, 'new content\n', { mode: 0o644 });
    const after = await target.exec(['stat', '-c', '%i %a %u:%g', path]);
    const [inode, mode, owner] = after.stdout.trim().split(' ');
    expect(inode).not.toBe(before.stdout.trim());
    expect(mode).toBe('640');
    expect(owner).toBe('5000:5000');
    expect(await target.readFile(path)).toBe('new content\n');
    const leftovers = await target.exec(['sh', '-c', 'ls -A /tmp/docker-mailserver | grep -c -e mailwiz-write -e mailwiz-atomic || true']);
    expect(leftovers.stdout.trim()).toBe('0');
  });

  it('a reader never sees a half-written file while it is replaced', async () => {
    const { target } = testbed();
    const path = '/tmp/docker-mailserver/busy.cf';
    const versions = ['A', 'B', 'C', 'D'].map((c) => `${c.repeat(2_000_000)}\n`);
    await target.writeFile(path, versions[0]!);
    const reader = target.exec([
      'sh',
      '-c',
      `for i in $(seq 60); do wc -c < ${path}; done | sort -u`,
    ]);
    for (const version of versions) await target.writeFile(path, version);
    const sizes = (await reader).stdout.trim().split('\n');
    expect(sizes).toEqual(['2000001']);
  });

  it('fails clearly when the folder does not exist, and reports missing files', async () => {
    const { target } = testbed();
    const error = await target.writeFile('/no/such/dir/file.cf', 'x').catch((e: unknown) => e);
    expect(isTargetError(error, 'WRITE_FAILED')).toBe(true);
    expect((error as Error).message).toContain('/no/such/dir/file.cf');
    const missing = await target.readFile('/tmp/docker-mailserver/absent.cf').catch((e: unknown) => e);
    expect(isTargetError(missing, 'FILE_NOT_FOUND')).toBe(true);
    expect(await target.exists('/tmp/docker-mailserver/absent.cf')).toBe(false);
    expect(await target.exists('/tmp/docker-mailserver')).toBe(true);
  });
});

describe('DockerTarget.info', () => {
  it('describes the container: name, image, state, ports on 127.0.0.1, env and mounts', async () => {
    const { target, name } = testbed();
    const info = await target.info();
    expect(info.name).toBe(name);
    expect(info.state).toBe('running');
    expect(info.hostname).toBe('mail.example.test');
    expect(info.env.ENABLE_QUOTAS).toBe('1');
    const smtp = info.ports.find((p) => p.containerPort === 25);
    expect(smtp).toMatchObject({ hostIp: '127.0.0.1', protocol: 'tcp' });
    expect(smtp!.hostPort).toBeGreaterThan(0);
    expect(info.mounts.map((m) => m.destination)).toEqual(
      expect.arrayContaining(['/tmp/docker-mailserver', '/var/mail', '/var/mail-state', '/var/log/mail']),
    );
  });
});

describe('DockerTarget.followLogs', () => {
  it('follows a file and stops the tail inside the container when the reader stops', async () => {
    const { target } = testbed();
    await target.exec(['sh', '-c', 'echo history > /tmp/follow.log']);
    const seen: string[] = [];
    const writer = setInterval(() => void target.exec(['sh', '-c', 'echo tick >> /tmp/follow.log']), 200);
    try {
      for await (const event of target.followLogs({ file: '/tmp/follow.log', tail: 1 })) {
        if (event.kind === 'line') seen.push(event.line);
        if (seen.length >= 3) break;
      }
    } finally {
      clearInterval(writer);
    }
    expect(seen).toEqual(['history', 'tick', 'tick']);
    const tails = await eventually(async () => {
      const ps = await target.exec(['sh', '-c', 'ps -eo args | grep -c "^tail -n 1 -F" || true']);
      return ps.stdout.trim() === '0';
    });
    expect(tails).toBe(true);
  });

  it('keeps following the container output across a restart, says so, and repeats no line', async () => {
    const { target, container } = testbed();
    const events: LogEvent[] = [];
    const marker = `marker-${Date.now()}`;
    const iterator = target.followLogs({ tail: 0 })[Symbol.asyncIterator]();
    const next = async (): Promise<LogEvent> => {
      const { value, done } = await iterator.next();
      if (done) throw new Error('log stream ended');
      events.push(value);
      return value;
    };
    await new Promise((resolve) => setTimeout(resolve, 300));
    await target.exec(['sh', '-c', `echo ${marker}-before > /proc/1/fd/1`]);
    while (!events.some((e) => e.kind === 'line' && e.line === `${marker}-before`)) await next();

    await container.restart({ t: 2 });
    while (!events.some((e) => e.kind === 'status' && /running again/.test(e.message))) await next();
    while (!events.some((e) => e.kind === 'line' && /is up and running/.test(e.line))) await next();
    await target.exec(['sh', '-c', `echo ${marker}-after > /proc/1/fd/1`]);
    while (!events.some((e) => e.kind === 'line' && e.line === `${marker}-after`)) await next();
    await iterator.return?.();

    const statuses = events.filter((e) => e.kind === 'status').map((e) => (e as { message: string }).message);
    expect(statuses[0]).toMatch(/stopped; waiting/);
    expect(statuses.at(-1)).toMatch(/running again/);
    const lines = events.filter((e) => e.kind === 'line').map((e) => (e as { line: string }).line);
    expect(lines.filter((l) => l === `${marker}-before`)).toHaveLength(1);
  });
});

describe('DockerTarget errors', () => {
  it('names a missing container and a stopped one', async () => {
    const { docker } = testbed();
    const missing = await new DockerTarget(docker, 'mailwiz-no-such-container').exec(['true']).catch((e: unknown) => e);
    expect(isTargetError(missing, 'CONTAINER_NOT_FOUND')).toBe(true);
    expect((missing as Error).message).toContain('mailwiz-no-such-container');

    const image = (await testbed().container.inspect()).Config.Image;
    const stopped = await docker.createContainer({ Image: image, name: `mailwiz-test-stopped-${Date.now()}`, Labels: { [TEST_LABEL]: testRunId() } });
    try {
      const error = await new DockerTarget(docker, (await stopped.inspect()).Name.slice(1)).exec(['true']).catch((e: unknown) => e);
      expect(isTargetError(error, 'CONTAINER_NOT_RUNNING')).toBe(true);
      expect((error as Error).message).toMatch(/is not running\. Start it with: docker start/);
    } finally {
      await stopped.remove({ force: true });
    }
  });
});
