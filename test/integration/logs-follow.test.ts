import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logsScreen } from '../../screens/logs/logs-screen.js';
import { traceQueueId } from '../../src/dms/mail-log.js';
import { LogFollower, traceOnServer, type LogEntry } from '../../src/services/log-follow.js';
import { mailServer } from '../../src/services/mail-server.js';
import { eventually } from '../support/eventually.js';
import { sendMail } from '../support/mail-clients.js';
import { KEYS, renderConsole } from '../support/queue-logs-console.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const testbed = useTestbed({ accounts: [{ address: `alice@${TEST_DOMAIN}`, password: 'logs-pass' }], fail2ban: true });

/** Sends one message to alice+TAG (delivered to alice; the tag is logged in `to=<…>`), retrying until smtpd answers. */
async function sendTagged(tag: string): Promise<void> {
  const sent = await eventually(
    async () => sendMail(await smtpPort(), { from: `bob@${TEST_DOMAIN}`, to: `alice+${tag}@${TEST_DOMAIN}`, subject: tag }).then(() => true),
    30_000,
    500,
  );
  expect(sent).toBe(true);
}

/** The published SMTP port now: a restart publishes it on a new host port. */
async function smtpPort(): Promise<number> {
  const inspect = await testbed().container.inspect();
  return Number(inspect.NetworkSettings.Ports['25/tcp']?.[0]?.HostPort);
}

const newTag = (): string => `t${randomBytes(4).toString('hex')}`;

describe('LogFollower against the real server', { timeout: 180_000 }, () => {
  let follower: LogFollower;
  beforeAll(() => {
    follower = new LogFollower(testbed().target, { tail: 20 }).start();
  });
  afterAll(() => follower.stop());

  const until = async (what: string, check: (entries: LogEntry[]) => boolean): Promise<LogEntry[]> => {
    expect(await eventually(async () => check(follower.entries()), 90_000, 100), what).toBe(true);
    return follower.entries();
  };

  it("traces a sent message's queue ID through its whole life, each mail.log line once", async () => {
    const tag = newTag();
    await sendTagged(tag);
    const entries = await until('the delivery line', (all) => all.some((e) => e.addresses.to?.includes(tag) && e.status === 'sent'));
    const delivery = entries.find((e) => e.addresses.to?.includes(tag))!;
    const id = delivery.queueId!;
    await until('the removed line', (all) => all.some((e) => e.queueId === id && e.message.endsWith('removed')));

    const trace = traceQueueId(follower.entries(), id) as LogEntry[];
    const services = trace.map((e) => e.service);
    expect(services).toEqual(expect.arrayContaining(['postfix/smtpd', 'postfix/cleanup', 'postfix/qmgr', 'postfix/lmtp']));
    expect(trace.find((e) => e.service === 'postfix/smtpd')?.clientIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(trace.find((e) => e.service === 'postfix/qmgr')?.addresses.from).toBe(`bob@${TEST_DOMAIN}`);
    expect(trace.at(-1)?.message).toBe(`${id}: removed`);
    expect(trace.map((e) => e.sortTime)).toEqual([...trace.map((e) => e.sortTime)].sort((a, b) => a - b));
    // DMS copies mail.log to its output; the follower keeps one copy.
    expect(follower.entries().filter((e) => e.line === delivery.line)).toHaveLength(1);
    expect(follower.entries().every((e, i, all) => i === 0 || e.seq === all[i - 1]!.seq + 1)).toBe(true);

    const fromServer = await traceOnServer(mailServer(testbed().target), id);
    expect(fromServer.map((e) => e.line)).toEqual(trace.map((e) => e.line));
  });

  it('merges the three sources in time order, parses levels, and neutralises control sequences', async () => {
    const { target } = testbed();
    // The engine's follow stream of a container that has just started can take a while to carry new output: wait
    // until a probe line written to the container output arrives, then write the three lines.
    const probe = newTag();
    const live = await eventually(async () => {
      await target.exec(['sh', '-c', `echo "probe ${probe}" > /proc/1/fd/1`]);
      return eventually(async () => follower.entries().some((e) => e.line.includes(probe)), 15_000, 100);
    }, 90_000, 0);
    expect(live, 'the container output is followed').toBe(true);
    const mark = newTag();
    const stamp = (offsetMs: number): string => new Date(Date.now() + offsetMs).toISOString();
    // One command writes all three, newest first: the mail.log line (now), fail2ban (-1 s), the container (-2 s).
    const script = [
      `printf '%s mail postfix/smtpd[1]: warning: ${mark} mail \\033]0;title\\007 \\377 end\\n' "$1" >> /var/log/mail/mail.log`,
      `printf '%s fail2ban.filter         [9]: INFO    [dovecot] Found 203.0.113.7 - ${mark}\\n' "$2" >> /var/log/mail/fail2ban.log`,
      `printf '%s ERROR start-mailserver.sh: ${mark} container\\n' "$3" > /proc/1/fd/1`,
    ].join('; ');
    const container = stamp(-2000).slice(0, 19).replace('T', ' ') + '+00:00';
    const fail2ban = stamp(-1000).replace('T', ' ').replace(/\.(\d{3})Z$/, ',$1');
    await target.exec(['sh', '-c', script, 'sh', stamp(0).replace('Z', '+00:00'), fail2ban, container]);
    // One marked line from each source. Should a source also deliver a second copy, the first of each is compared.
    const firstOfEach = (all: LogEntry[]): LogEntry[] =>
      all.filter((e, i) => e.line.includes(mark) && all.findIndex((o) => o.line.includes(mark) && o.source === e.source) === i);
    const entries = await until('the three marked lines', (all) => firstOfEach(all).length === 3);
    const marked = firstOfEach(entries);
    expect(marked.map((e) => [e.source, e.level, e.service])).toEqual([
      ['container', 'error', 'start-mailserver.sh'],
      ['fail2ban.log', 'info', 'fail2ban.filter'],
      ['mail.log', 'warning', 'postfix/smtpd'],
    ]);
    expect(marked[1]!.clientIp).toBe('203.0.113.7');
    expect(marked[2]!.line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(marked[2]!.message).toContain(`${mark} mail  \ufffd end`);
  });
});

describe('Logs screen on the real server', () => {
  it("follows live lines, filters with /, pauses, traces the line's queue ID, and survives a restart", async () => {
    const ui = await renderConsole(mailServer(testbed().target), [logsScreen]);
    try {
      await ui.until((f) => f.includes('following'), 20_000, 'following');
      const tag = newTag();
      await ui.during(() => sendTagged(tag));
      await ui.until((f) => f.includes(`alice+${tag}@`), 20_000, 'the delivery line');

      await ui.filter(tag);
      const filtered = await ui.until((f) => /following · 1 of \d+ lines/.test(f), 10_000, 'one matching line');
      expect(filtered).toMatch(/postfix\/lmtp\s+\w+: to=<alice\+/);

      await ui.press(KEYS.up);
      await ui.until((f) => f.includes('PAUSED'));
      await ui.press('t');
      const trace = await ui.until((f) => /Trace of \w+: \d+ lines \(mail\.log on the server/.test(f), 15_000, 'the trace');
      expect(trace).toMatch(/postfix\/smtpd\s+\w+: client=/);
      expect(trace).toMatch(/postfix\/qmgr\s+\w+: from=<bob@example\.test>/);
      expect(trace).toMatch(/postfix\/qmgr\s+\w+: removed/);
      await ui.press(KEYS.esc);

      // m: every line, matches highlighted; n/N look for other matches; T hides the timestamps.
      await ui.press('m');
      const context = await ui.until((f) => f.includes('all lines, matches highlighted'));
      expect(Number(/PAUSED .* · ([\d,]+) of/.exec(context)?.[1]?.replace(',', ''))).toBeGreaterThan(1);
      await ui.press('n');
      await ui.until((f) => f.includes('No later match.'));
      await ui.press('T');
      await ui.until((f) => /^postfix\/lmtp\s+\w+: to=<alice\+/m.test(f));
      await ui.press('m');
      await ui.press('T');
      await ui.press(KEYS.esc);
      await ui.press('f');
      await ui.until((f) => f.includes('following') && !f.includes('filter:'));

      const restarted = testbed().container.restart({ t: 2 });
      await ui.until((f) => /stopped; waiting for it to run again/.test(f), 30_000, 'the stop notice');
      await ui.during(() => restarted);
      await ui.until((f) => /is running again; following its logs/.test(f), 60_000, 'the restart notice');
      const after = newTag();
      await ui.during(() => sendTagged(after));
      const back = await ui.until((f) => f.includes(`alice+${after}@`), 30_000, 'a line after the restart');
      // Once: the copy DMS prints to the container output is not shown again.
      expect(back.split('\n').filter((line) => line.includes(`alice+${after}@`))).toEqual([expect.stringMatching(/postfix\/lmtp\s+\w+: to=</)]);
    } finally {
      await ui.unmount();
    }
  });
});
