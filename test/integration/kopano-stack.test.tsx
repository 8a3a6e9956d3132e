import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceQueueId } from '../../src/dms/mail-log.js';
import { followServerLogs, type LogFollower } from '../../src/services/log-follow.js';
import { mailServer } from '../../src/services/mail-server.js';
import { readQueue } from '../../src/services/queue.js';
import { discoverStacks } from '../../src/stacks/discover.js';
import { memberFor, type Stack } from '../../src/stacks/stack.js';
import { KEYS, renderConsole, screenKey } from '../support/console-render.js';
import { eventually } from '../support/eventually.js';
import { startKopanoStandIn, type KopanoStandIn } from '../support/kopano-stand-in.js';
import { sendMail } from '../support/mail-clients.js';
import { runCli } from '../support/run-cli.js';
import { requireEnvironment } from '../support/testbed.js';

/**
 * The Kopano stack's mail path on real parts: the postfix-amavis stand-in (Postfix → Amavis → Postfix, runit,
 * busybox syslogd) hands mail over LMTP to a delivery sink where kopano-dagent would be (no Kopano binary can be had
 * here; see test/stand-ins/README.md). What is tested is mailwiz's view of it: detection, the console through the
 * MTA, the queue and a message's trace across both of its queue IDs.
 */

let kopano: KopanoStandIn;
let stack: Stack;

beforeAll(async () => {
  requireEnvironment();
  kopano = await startKopanoStandIn({ syslogLevel: 7 });
  const found = (await discoverStacks(kopano.docker)).find((s) => s.name === kopano.project);
  if (!found) throw new Error(`stack ${kopano.project} not detected`);
  stack = found;
}, 600_000);

afterAll(async () => {
  await kopano?.remove();
});

describe('the Kopano stand-in stack', () => {
  it('is one stack: mta and groupware of one compose project, found by image names, up', async () => {
    const status = await runCli(['--stack', kopano.project, '--json', 'status']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      name: kopano.project,
      kind: 'kopano',
      up: true,
      members: [
        { name: kopano.mta, role: 'mta', image: 'mlan/postfix-amavis:mailwiz-stand-in', state: 'running' },
        { name: kopano.app, role: 'groupware', image: 'mlan/kopano:mailwiz-delivery-sink', state: 'running' },
      ],
    });
  });

  it('delivers through Postfix and Amavis to LMTP 2003; the trace joins both queue IDs', async () => {
    const server = mailServer(memberFor(stack, 'mta')!.target);
    const follower: LogFollower = followServerLogs(server, { sources: ['container'], tail: 0 });
    try {
      await sendMail(kopano.smtpPort, { from: 'sender@example.net', to: 'jane@example.test', subject: 'through amavis' });
      expect(await eventually(async () => (await kopano.delivered()).length === 1, 60_000), 'the sink stored the message').toBe(true);
      const handedOver = await (async () => {
        let line: string | undefined;
        await eventually(async () => {
          line = follower.entries().find((e) => /status=sent \(250 2\.0\.0 from MTA/.test(e.message))?.queueId;
          const final = follower.entries().some((e) => /relay=app\[.*status=sent/.test(e.message));
          return line !== undefined && final;
        }, 60_000);
        return line;
      })();
      expect(handedOver, 'the first queue ID, handed to Amavis').toBeDefined();
      const trace = traceQueueId(follower.entries(), handedOver!);
      const ids = new Set(trace.map((e) => e.queueId).filter(Boolean));
      expect(ids.size, 'two queue IDs: before and after Amavis').toBe(2);
      expect(trace.some((e) => e.service === 'amavis' && /Passed CLEAN/.test(e.message))).toBe(true);
      expect(trace.some((e) => /relay=app\[[^\]]+\]:2003.*status=sent/.test(e.message))).toBe(true);
    } finally {
      follower.stop();
    }
  }, 180_000);

  it('console: header with both members, runit services on Health, Kopano accounts (no kopano-admin in the sink) and bans said plainly, the deferred queue', async () => {
    const server = mailServer(memberFor(stack, 'mta')!.target);
    const ui = await renderConsole(server, { stack });
    try {
      await ui.waitFor(new RegExp(`${kopano.project} \\(kopano\\) · mta ✓ · groupware ✓`));
      // USER_PLUGIN=db, and the app stand-in has no kopano-admin: the Accounts screen says so in one line.
      await ui.waitFor(new RegExp(`kopano-admin is not in ${kopano.app} \\(mlan/kopano:mailwiz-delivery-sink\\)`));
      await ui.press(screenKey('bans'));
      await ui.waitFor(/no ban service/);
      await ui.press(screenKey('health'));
      await ui.waitFor(/Services .*✓ amavis .*✓ postfix .*✓ syslogd/);
      await ui.waitFor(/Bans +no ban service in this kopano stack/);
      // Logs: every member's output merged in time order, each line tagged with its member.
      await ui.press(screenKey('logs'));
      await ui.waitFor(/mta +postfix\/\w+ /, 30_000);
      await ui.press('/');
      await ui.enter('jane@example.test');
      await ui.waitFor(/groupware +stored \d+\.eml for <jane@example\.test>/, 30_000);
      await ui.waitFor(/mta +postfix\/lmtp +\S+: to=<jane@example\.test>, relay=app/, 30_000);
      await ui.press(KEYS.esc);

      // The groupware goes away: mail waits in the MTA's queue with the reason.
      await kopano.docker.getContainer(kopano.app).stop({ t: 0 });
      await sendMail(kopano.smtpPort, { from: 'sender@example.net', to: 'john@example.test', subject: 'while app is down' });
      expect(await eventually(async () => (await readQueue(server)).messages.some((m) => m.queueName === 'deferred'), 90_000)).toBe(true);
      await ui.press(screenKey('queue'));
      await ui.waitFor(/deferred \S+ .*john@example\.test +Host or domain name not fou/, 60_000);
      await ui.waitFor(/groupware ✗ exited/, 30_000);
    } finally {
      await ui.unmount();
      await kopano.docker.getContainer(kopano.app).start().catch(() => undefined);
    }
  }, 240_000);
});
