import Docker from 'dockerode';

/** Every test container carries this label; its value is the process id of the test run that made it. */
export const TEST_LABEL = 'org.mailwiz.test';

export function testRunId(): string {
  return process.env.MAILWIZ_TEST_RUN ?? String(process.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes test containers of runs that are over: those of this run (at its end) and of runs whose process is gone
 * (interrupted). Containers of other test runs still going on this machine are left alone.
 */
export async function removeLeftoverContainers(options: { includeOwn: boolean }): Promise<void> {
  const docker = new Docker();
  const containers = await docker.listContainers({ all: true, filters: { label: [TEST_LABEL] } });
  const own = testRunId();
  const done = containers.filter((c) => {
    const run = c.Labels[TEST_LABEL] ?? '';
    return run === own ? options.includeOwn : !alive(Number(run));
  });
  await Promise.all(done.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  // Networks of stand-in stacks, once their containers are gone.
  const networks = await docker.listNetworks({ filters: { label: [TEST_LABEL] } });
  const over = networks.filter((n) => {
    const run = n.Labels?.[TEST_LABEL] ?? '';
    return run === own ? options.includeOwn : !alive(Number(run));
  });
  await Promise.all(over.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
}
