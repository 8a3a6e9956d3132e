import Docker from 'dockerode';

export const TEST_LABEL = 'org.mailwiz.test';

/** Removes containers a previous, interrupted test run left behind (they carry our test label). */
export async function removeLeftoverContainers(): Promise<void> {
  const docker = new Docker();
  const leftovers = await docker.listContainers({ all: true, filters: { label: [TEST_LABEL] } });
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
}
