import nodemailer from 'nodemailer';
import { beforeAll, describe, expect, it } from 'vitest';
import { queueScreen } from '../../screens/queue/queue-screen.js';
import { groupByReason, type QueueName } from '../../src/dms/postqueue.js';
import { ServiceError } from '../../src/services/errors.js';
import { mailServer, type MailServer } from '../../src/services/mail-server.js';
import { applyQueueAction, readQueue, readQueuedMessage } from '../../src/services/queue.js';
import { eventually } from '../support/eventually.js';
import { sendMail } from '../support/mail-clients.js';
import { KEYS, renderConsole, type ConsoleDriver } from '../support/queue-logs-console.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

// Mail from example.test is relayed to 127.0.0.1:2525, where nothing listens; mail to nodns.test finds no DNS
// (the container resolves through 127.0.0.1). Both defer: two reasons, two recipient domains.
const testbed = useTestbed({
  accounts: [{ address: `alice@${TEST_DOMAIN}`, password: 'queue-pass' }],
  env: { PERMIT_DOCKER: 'network' },
  files: { 'postfix-relaymap.cf': `@${TEST_DOMAIN} [127.0.0.1]:2525\n` },
});
const server = (): MailServer => mailServer(testbed().target);

const REFUSED = 'connect to *[*]:2525: Connection refused';
/** Raw bytes a terminal would obey: a colour change in the subject, a title change (OSC) in the body. */
const HOSTILE_MESSAGE = `From: bob@other.test\r\nTo: v2@nodns.test\r\nSubject: nodns 2 \u001b[31mred\r\nDate: ${new Date().toUTCString()}\r\n\r\nbody line\r\n\u001b]0;evil title\u0007x\r\n`;

/** Sends a message exactly as given (nodemailer would MIME-encode control characters). */
async function sendRaw(port: number, from: string, to: string, raw: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'client.example.net' });
  try {
    await transport.sendMail({ envelope: { from, to: [to] }, raw });
  } finally {
    transport.close();
  }
}

/** What `postqueue -j` says now: queue name by ID. */
async function queueNow(): Promise<Map<string, QueueName>> {
  return new Map((await readQueue(server())).messages.map((m) => [m.queueId, m.queueName]));
}

/** The messages a list frame shows: queue name by ID. */
function shownQueue(frame: string): Map<string, QueueName> {
  const rows = frame.matchAll(/^..(maildrop|hold|incoming|active|deferred)!?\s+([0-9A-Za-z]{6,})\s/gm);
  return new Map([...rows].map(([, queue, id]) => [id!, queue as QueueName]));
}

/** Waits until `postqueue -j` is settled as `expected` says, then checks the screen shows exactly that. */
async function expectQueue(ui: ConsoleDriver, expected: (queue: Map<string, QueueName>) => boolean): Promise<Map<string, QueueName>> {
  expect(await ui.during(() => eventually(async () => expected(await queueNow()), 20_000, 300))).toBe(true);
  const queue = await ui.during(queueNow);
  await ui.press('r');
  await ui.until((f) => sameQueue(shownQueue(f), queue), 15_000, 'the screen to show the queue');
  return queue;
}

function sameQueue(a: Map<string, QueueName>, b: Map<string, QueueName>): boolean {
  return a.size === b.size && [...a].every(([id, q]) => b.get(id) === q);
}

beforeAll(async () => {
  const port = testbed().port(25);
  // The readiness line comes a moment before smtpd answers through the published port.
  expect(await eventually(() => sendMail(port, { from: `alice@${TEST_DOMAIN}`, to: 'u0@far.test', subject: 'relay 0' }).then(() => true), 20_000, 500)).toBe(true);
  await applyQueueAction(server(), 'delete', [...(await queueNow()).keys()]);
  for (const n of [1, 2, 3]) await sendMail(port, { from: `alice@${TEST_DOMAIN}`, to: `u${n}@far.test`, subject: `relay ${n}` });
  await sendMail(port, { from: 'bob@other.test', to: 'v1@nodns.test', subject: 'nodns 1' });
  await sendRaw(port, 'bob@other.test', 'v2@nodns.test', HOSTILE_MESSAGE);
  const deferred = await eventually(async () => {
    const { messages } = await readQueue(server());
    return messages.length === 5 && messages.every((m) => m.queueName === 'deferred' && m.recipients.every((r) => r.delayReason));
  }, 30_000, 300);
  expect(deferred).toBe(true);
}, 60_000);

describe('queue service', () => {
  it('reads postqueue -j and groups the deferred mail by reason and recipient domain', async () => {
    const { messages, malformed } = await readQueue(server());
    expect(malformed).toEqual([]);
    const groups = groupByReason(messages).map((g) => ({ reason: g.reason, domain: g.domain, count: g.count }));
    expect(groups).toEqual([
      { reason: REFUSED, domain: 'far.test', count: 3 },
      { reason: 'Host or domain name not found. Name service error for name=* type=MX: Host not found, try again', domain: 'nodns.test', count: 2 },
    ]);
  });

  it('sends thousands of IDs on stdin: 5,000 unknown IDs and one real one in a single postsuper', async () => {
    const [real] = [...(await queueNow()).keys()];
    const ids = [...Array.from({ length: 5000 }, (_, i) => `FFFF${String(i).padStart(6, '0')}`), real!];
    expect(await applyQueueAction(server(), 'hold', ids)).toEqual({ requested: 5001, affected: 1, summary: 'Placed on hold: 1 message' });
    expect((await queueNow()).get(real!)).toBe('hold');
    expect((await applyQueueAction(server(), 'release', [real!])).affected).toBe(1);
    expect((await queueNow()).get(real!)).toBe('deferred');
  });

  it('refuses an ID that is not alphanumeric before anything runs', async () => {
    await expect(applyQueueAction(server(), 'delete', ['ABC123; rm -rf /'])).rejects.toThrow(ServiceError);
    await expect(applyQueueAction(server(), 'delete', [])).rejects.toThrow('No message selected.');
    expect((await queueNow()).size).toBe(5);
  });

  it('reads one message with postcat, control characters stripped', async () => {
    const id = (await readQueue(server())).messages.find((m) => m.recipients[0]?.address === 'v2@nodns.test')!.queueId;
    const text = await readQueuedMessage(server(), id);
    expect(text.headers).toContain('Subject: nodns 2 red');
    expect(text.body).toEqual(['body line', 'x']);
    expect(text.truncated).toBe(false);
    await expect(readQueuedMessage(server(), 'ABCDEF123')).rejects.toThrow(/no longer in the queue/);
  });
});

describe('Queue screen on the real queue', () => {
  it('shows the queue grouped by reason with counts; holds a group, releases and deletes a filtered set', async () => {
    const ui = await renderConsole(server(), [queueScreen]);
    try {
      await ui.until((f) => f.includes('5 queued (5 deferred)'), 20_000, 'the listing');
      expect(sameQueue(shownQueue(ui.frame()), await ui.during(queueNow))).toBe(true);

      await ui.press('v');
      const grouped = await ui.until((f) => /messages\s+recipient domain\s+reason/.test(f));
      expect(grouped).toMatch(/3 messages\s+far\.test\s+connect to \*\[\*\]:2525: Connection refused/);
      expect(grouped).toMatch(/2 messages\s+nodns\.test\s+Host or domain name not found\. Name service error/);

      // Hold the first group (the cursor is on it): the confirmation names what and how many.
      await ui.press('h');
      const hold = await ui.until((f) => f.includes('Hold 3 deferred messages'));
      expect(hold).toContain(`Hold 3 deferred messages from alice@${TEST_DOMAIN} to far.test?`);
      expect(hold).toContain('Reason: connect to 127.0.0.1[127.0.0.1]:2525: Connection refused');
      await ui.press('y');
      await ui.until((f) => ui.audit.length === 1 && f.includes('hold queued 3 deferred messages'));
      await ui.press('v');
      await ui.press('v');
      let queue = await expectQueue(ui, (q) => [...q.values()].filter((n) => n === 'hold').length === 3);
      expect([...queue.values()].sort()).toEqual(['deferred', 'deferred', 'hold', 'hold', 'hold']);

      // Release everything the filter shows: `/queue:hold`, A marks all shown, u releases.
      await ui.filter('queue:hold');
      await ui.until((f) => f.includes('3 shown'));
      await ui.press('A');
      await ui.press('u');
      await ui.until((f) => f.includes(`Release 3 hold messages from alice@${TEST_DOMAIN} to far.test?`));
      await ui.press('y');
      await ui.until(() => ui.audit.length === 2);
      await ui.press(KEYS.esc);
      queue = await expectQueue(ui, (q) => [...q.values()].every((n) => n === 'deferred'));
      expect(queue.size).toBe(5);

      // Delete the mail to one domain.
      await ui.filter('domain:nodns.test');
      await ui.until((f) => f.includes('2 shown'));
      const doomed = [...shownQueue(ui.frame()).keys()];
      await ui.press('A');
      await ui.press('d');
      await ui.until((f) => f.includes('Delete 2 deferred messages from bob@other.test to nodns.test?'));
      await ui.press('y');
      await ui.until(() => ui.audit.length === 3);
      await ui.press(KEYS.esc);
      queue = await expectQueue(ui, (q) => q.size === 3);
      expect(doomed.some((id) => queue.has(id))).toBe(false);
      expect(ui.audit.map((a) => `${a.action} ${a.target}: ${a.result} (${a.detail})`)).toEqual([
        `hold queued 3 deferred messages from alice@${TEST_DOMAIN} to far.test: ok (Placed on hold: 3 messages)`,
        `release queued 3 hold messages from alice@${TEST_DOMAIN} to far.test: ok (Released from hold: 3 messages)`,
        'delete queued 2 deferred messages from bob@other.test to nodns.test: ok (Deleted: 2 messages)',
      ]);
    } finally {
      await ui.unmount();
    }
  });

  it('opens a message, retries one now, requeues one (new ID) and flushes the whole queue', async () => {
    const ui = await renderConsole(server(), [queueScreen]);
    try {
      await ui.until((f) => f.includes('3 queued'));
      await ui.press(KEYS.enter);
      const message = await ui.until((f) => f.includes('Subject: relay'), 15_000, 'the message view');
      expect(message).toContain(`envelope from alice@${TEST_DOMAIN}`);
      expect(message).toContain('Content-Type: text/plain; charset=utf-8');
      for (let i = 0; i < 5; i++) await ui.press(KEYS.down);
      expect(await ui.until((f) => f.includes('hello from the mailwiz tests'))).toMatch(/— body —\s+hello from the mailwiz tests/);
      await ui.press(KEYS.esc);

      await ui.press('f');
      await ui.until((f) => /Retry now deferred message \w+ \(alice@example\.test → u\d@far\.test\)\?/.test(f));
      await ui.press('y');
      await ui.until(() => ui.audit[0]?.detail === 'asked Postfix to retry 1 message now');

      const before = await ui.during(queueNow);
      await ui.press('R');
      await ui.until((f) => f.includes('Requeue deferred message'));
      await ui.press('y');
      await ui.until(() => ui.audit[1]?.detail === 'Requeued: 1 message');
      const after = await expectQueue(ui, (q) => q.size === 3 && [...q.keys()].some((id) => !before.has(id)) && [...q.values()].every((n) => n === 'deferred'));
      expect([...after.keys()].filter((id) => before.has(id))).toHaveLength(2);

      await ui.press('F');
      await ui.until((f) => f.includes('Flush the whole queue (3 messages): try every deferred message now?'));
      await ui.press('y');
      await ui.until((f) => f.includes('flush queue all deferred messages: done'));
      expect(ui.audit.map((a) => a.result)).toEqual(['ok', 'ok', 'ok']);
    } finally {
      await ui.unmount();
    }
  });

  it('read-only: actions are refused and the queue stays as it is', async () => {
    const ui = await renderConsole(server(), [queueScreen], { readOnly: true });
    try {
      await ui.until((f) => f.includes('3 queued'));
      const before = await ui.during(queueNow);
      for (const key of ['d', 'h', 'F']) {
        await ui.press(key);
        await ui.until((f) => f.includes('Read-only mode: this would change the server.'));
      }
      expect(ui.frame()).not.toContain('y: yes');
      expect(sameQueue(await queueNow(), before)).toBe(true);
      expect(ui.audit).toEqual([]);
    } finally {
      await ui.unmount();
    }
  });

  it('gives up on a message from the screen: Postfix expires it, bounces it to its sender, and it leaves the queue', async () => {
    const ui = await renderConsole(server(), [queueScreen]);
    try {
      await ui.until((f) => f.includes('3 queued'));
      const [id] = [...(await ui.during(queueNow)).keys()];
      await ui.filter(id!);
      await ui.until((f) => f.includes('1 shown'));
      await ui.press('e');
      await ui.until((f) => f.includes('Give up on deferred message') && f.includes('Runs: postsuper -e - (IDs on stdin), then postqueue -i ID'));
      await ui.press('y');
      await ui.until(() => ui.audit[0]?.detail === 'Force-expired: 1 message');
      expect(await ui.during(() => eventually(async () => !(await queueNow()).has(id!), 30_000, 300))).toBe(true);
      const log = await ui.during(() => testbed().target.exec(['grep', '-F', `${id}:`, '/var/log/mail/mail.log']));
      expect(log.stdout, log.stdout).toMatch(/status=force-expired, returned to sender[\s\S]*sender non-delivery notification/);
    } finally {
      await ui.unmount();
    }
  });
});
