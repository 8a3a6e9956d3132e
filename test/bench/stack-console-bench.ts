import { startKopanoCompose } from '../support/kopano-stand-in.js';
import { startTestbedContainer, TEST_DOMAIN } from '../support/testbed-container.js';
import { COLD_RUNS, consoleColdStart, percentile } from './console-bench.js';
import { report } from './measure.js';

async function medians(args: string[], drawn: RegExp): Promise<[number, number]> {
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i++) runs.push(await consoleColdStart(args, drawn));
  return [percentile(runs.map((r) => r.firstFrame), 0.5), percentile(runs.map((r) => r.listDrawn), 0.5)];
}

/**
 * The console's first frame on the Kopano compose project of four stand-in members (mta, app, db, auth) against the
 * same on a one-container DMS testbed, in one run: the ratio is the cost of a stack.
 */
export async function stackConsoleBench(image: string): Promise<void> {
  const testbed = await startTestbedContainer(image, { accounts: [{ address: `seed@${TEST_DOMAIN}`, password: 'x' }] });
  const kopano = await startKopanoCompose();
  try {
    const [dmsFirst, dmsDrawn] = await medians(['-c', testbed.name], /1 of 1 accounts/);
    const [stackFirst, stackDrawn] = await medians(['--stack', kopano.project], /(?=.*database ✓)(?=.*directory ✓)(?=.*groupware ✓)mta ✓/);
    report(
      `console first frame, DMS vs the Kopano stack of 4 members, built CLI in tmux 100×30 (median of ${COLD_RUNS})`,
      [
        ['DMS (1 container)', dmsFirst, dmsDrawn, 1],
        ['Kopano (4 members)', stackFirst, stackDrawn, stackFirst / dmsFirst],
      ],
      ['mail system', 'first frame ms', 'accounts list / member states drawn ms', 'first frame ratio to DMS'],
    );
  } finally {
    await kopano.remove();
    await testbed.remove();
  }
}
