import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { queuedMessageForDisplay } from '../../src/dms/postqueue.js';
import { isEximMessageId } from '../../src/formats/exim/message-id.js';
import { parseMessageLogs } from '../../src/formats/exim/msglog.js';
import { parseEximQueue } from '../../src/formats/exim/queue-listing.js';
import { asQueuedMessage } from '../../src/services/exim-queue.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('exim -bp', () => {
  it('reads Exim 4.98 (23-character IDs): frozen, delivered recipients, sizes, the null and a quoted sender', () => {
    const { messages, malformed } = parseEximQueue(fixture('exim-4.98-bp.txt'));
    expect(malformed).toEqual([]);
    expect(messages.map((m) => m.id)).toEqual([
      '1xZuse-000000000L5-3PbE',
      '1xZuse-000000000LC-3rzE',
      '1xZusf-000000000LO-0FSd',
      '1xZusf-000000000LV-0isH',
      '1xZusf-000000000M6-2uhx',
    ]);
    expect(messages[0]).toMatchObject({ sender: 'alice@example.test', size: 325, frozen: false, ageSeconds: 0 });
    expect(messages[1]).toMatchObject({ sender: '', frozen: true, recipients: [{ address: 'dave@frozen.test', delivered: false }] });
    expect(messages[2]?.recipients).toEqual([
      { address: 'erin@example.test', delivered: true },
      { address: 'bob@remote.test', delivered: false },
    ]);
    expect(messages[3]?.size).toBe(Math.round(4.4 * 1024));
    expect(messages[4]?.sender).toBe('"odd sender"@example.test');
  });

  it("reads Debian 12's Exim 4.96 as captured (16-character IDs): frozen and not, a delivered recipient, <>, M sizes", () => {
    const { messages, malformed } = parseEximQueue(fixture('exim-4.96-bp.txt'));
    expect(malformed).toEqual([]);
    expect(messages.map((m) => [m.id, m.sender, m.frozen, m.size])).toEqual([
      ['1xZzte-0000G7-0U', 'alice@example.test', false, 306],
      ['1xZzte-0000G9-0Z', 'alice@example.test', true, 281],
      ['1xZzte-0000GB-0f', '', true, 245],
      ['1xZzte-0000GD-0u', 'alice@example.test', true, Math.round(1.4 * 1024 ** 2)],
    ]);
    expect(messages[1]?.recipients).toEqual([
      { address: 'root@example.test', delivered: true },
      { address: 'carol@remote.test', delivered: false },
    ]);
    const logs = parseMessageLogs(fixture('exim-4.96-msglog.txt'));
    const shown = messages.map((m) => asQueuedMessage(m, logs.get(m.id), 1_000_000_000));
    expect(shown.map((m) => m.queueName)).toEqual(['deferred', 'hold', 'hold', 'hold']);
    expect(shown[1]?.recipients).toEqual([{ address: 'carol@remote.test', delayReason: 'remote host address is the local host' }]);
  });

  it('reads Exim up to 4.96 (16-character IDs), ages in minutes, hours and days, +D and M sizes', () => {
    const { messages, malformed } = parseEximQueue(fixture('exim-4.96-bp-handmade.txt'));
    expect(malformed).toEqual([]);
    expect(messages.map((m) => [m.id, m.ageSeconds, m.size, m.frozen])).toEqual([
      ['0t5C6f-0000c8-00', 25 * 60, Math.round(2.9 * 1024), false],
      ['1gVx9Q-0002Hk-Aa', 2 * 3600, 820, true],
      ['1gVxAb-00ZZ09-Zz', 3 * 86_400, Math.round(1.2 * 1024 ** 2), false],
    ]);
    expect(messages[2]?.recipients).toEqual([
      { address: 'carol@example.test', delivered: true },
      { address: 'dan@example.test', delivered: false },
    ]);
  });

  it('counts lines that are no entry, and accepts only the two ID formats', () => {
    const { messages, malformed } = parseEximQueue('garbage here\n 5m 1K 1xZuse-000000000L5-3PbE <a@b.c>\n          x@y.z\n 5m 1K not-an-id <a@b.c>\n');
    expect(messages).toHaveLength(1);
    expect(malformed.map((m) => m.lineNumber)).toEqual([1, 4]);
    expect(['1xZuse-000000000L5-3PbE', '0t5C6f-0000c8-00'].every(isEximMessageId)).toBe(true);
    expect(['1xZuse-000000000L5-3Pb', '0t5C6f-0000c8-0;', '../etc', '-Mrm'].some(isEximMessageId)).toBe(false);
  });

  it('keeps control sequences in a sender raw for actions, and the display form neutralises them', () => {
    const { messages } = parseEximQueue(' 1h  1K 1xZuse-000000000L5-3PbE <\u001b]0;pwned\u0007evil@x.test>\n          \u001b[2Jbob@remote.test\n');
    const shown = queuedMessageForDisplay(asQueuedMessage(messages[0]!, undefined, 0));
    expect(messages[0]?.sender).toContain('\u001b');
    expect(shown.sender).not.toMatch(/[\u0000-\u001f]/);
    expect(shown.recipients[0]?.address).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('message logs', () => {
  it('gives each waiting recipient its latest reason, and a frozen message the reason it froze for', () => {
    const logs = parseMessageLogs(fixture('exim-4.98-msglog.txt'));
    expect(logs.get('1xZuse-000000000L5-3PbE')?.reasons.get('bob@remote.test')).toBe('Connection refused');
    expect(logs.get('1xZuse-000000000LC-3rzE')?.lastReason).toBe('remote host address is the local host');
    // "erin@example.test: local_delivery transport succeeded" is a delivery, not a reason.
    expect([...(logs.get('1xZusf-000000000LO-0FSd')?.reasons.keys() ?? [])]).toEqual(['bob@remote.test']);
    expect(logs.get('1xZusf-000000000M6-2uhx')?.reasons.size).toBe(0);
  });

  it('maps to the Queue screen: frozen is held, tried is deferred, untried is incoming; delivered recipients are left out', () => {
    const { messages } = parseEximQueue(fixture('exim-4.98-bp.txt'));
    const logs = parseMessageLogs(fixture('exim-4.98-msglog.txt'));
    const shown = messages.map((m) => asQueuedMessage(m, logs.get(m.id), 1_000_000_000));
    expect(shown.map((m) => m.queueName)).toEqual(['deferred', 'hold', 'deferred', 'deferred', 'incoming']);
    expect(shown[1]).toMatchObject({ sender: 'MAILER-DAEMON', recipients: [{ address: 'dave@frozen.test', delayReason: 'remote host address is the local host' }] });
    expect(shown[2]?.recipients).toEqual([{ address: 'bob@remote.test', delayReason: 'Connection refused' }]);
    expect(shown[0]?.arrivalTime).toBe(1_000_000);
  });
});
