import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailServer } from '../../src/services/mail-server.js';
import { discoverStacks } from '../../src/stacks/discover.js';
import { memberFor, type Stack } from '../../src/stacks/stack.js';
import { TEST_LABEL, testRunId } from '../support/cleanup.js';
import { renderConsole, screenKey, type ConsoleHarness } from '../support/console-render.js';
import { useTestbed } from '../support/testbed.js';

/**
 * The console on a stack of two containers, assembled with the user's labels: the testbed as the MTA (a real
 * Postfix) and a container that only sleeps as the groupware member. What is tested is the shell's side: the header
 * shows every member, the MTA's screens work, and screens with no backend in a Kopano stack say so in one line.
 */

const stackName = `office-${process.pid}`;
const groupware = `groupware-${process.pid}`;
const docker = new Docker();
const testbed = useTestbed({ labels: { 'mailwiz.stack': stackName, 'mailwiz.role': 'mta' } });
let stack: Stack;

beforeAll(async () => {
  const sleeper = await docker.createContainer({
    name: groupware,
    Image: 'mailwiz-base:trixie',
    Cmd: ['sleep', 'infinity'],
    Env: ['USER_PLUGIN=ldap', 'LDAP_URI=ldap://auth:389/'],
    Labels: { [TEST_LABEL]: testRunId(), 'mailwiz.stack': stackName, 'mailwiz.role': 'groupware' },
  });
  await sleeper.start();
  const found = (await discoverStacks(docker)).find((s) => s.name === stackName);
  if (!found) throw new Error(`stack ${stackName} not found`);
  stack = found;
}, 120_000);

afterAll(async () => {
  await docker.getContainer(groupware).remove({ force: true }).catch(() => undefined);
});

describe('console on a stack of several containers', () => {
  it('shows each member in the header, works through the MTA, and says what the stack has no backend for', async () => {
    expect(stack.kind).toBe('kopano');
    expect(memberFor(stack, 'mail-server', 'mta')?.name).toBe(testbed().name);
    const ui: ConsoleHarness = await renderConsole(mailServer(testbed().target), { stack });
    try {
      await ui.waitFor(new RegExp(`${stackName} \\(kopano\\) · mta ✓ · groupware ✓`));
      // USER_PLUGIN=ldap without LDAP_SEARCH_BASE: the Accounts screen says what is missing, in one line.
      await ui.waitFor(/^Kopano's LDAP search base is not set \(ldap_search_base in \/etc\/kopano\/ldap\.cfg/m);
      await ui.press(screenKey('bans'));
      await ui.waitFor(/This Kopano stack has no ban service/);
      await ui.press(screenKey('health'));
      await ui.waitFor(/Services .*✓ postfix/);
      await ui.press(screenKey('queue'));
      await ui.waitFor(/queue is empty|0 messages/i);

      await docker.getContainer(groupware).stop({ t: 0 });
      await ui.waitFor(/groupware ✗ exited/, 30_000);
    } finally {
      await ui.unmount();
    }
  }, 120_000);
});
