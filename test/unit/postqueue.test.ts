import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  NO_REASON,
  addressDomain,
  filterQueue,
  groupByReason,
  groupByRecipientDomain,
  normaliseReason,
  parsePostqueueJson,
  parseQueueEntry,
  queuedMessageForDisplay,
  sortQueue,
  type QueueSortColumn,
  type QueuedMessage,
} from '../../src/dms/postqueue.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
// Captured from the testbed: deferred mail (no DNS), a relay refusing, one held, one force-expired, a long queue ID.
const real = parsePostqueueJson(fixture('postqueue-j.txt'));
// Hand-made: Gmail timeouts from different MX hosts, long replies with per-attempt IDs, hostile strings, broken lines.
const handmade = parsePostqueueJson(fixture('postqueue-j-handmade.txt'));
const byId = (id: string): QueuedMessage => [...real.messages, ...handmade.messages].find((m) => m.queueId === id)!;
const ids = (messages: readonly QueuedMessage[]): string[] => messages.map((m) => m.queueId);

describe('parsePostqueueJson on real postqueue -j output', () => {
  it('reads every message with its fields', () => {
    expect(real.malformed).toEqual([]);
    expect(real.messages).toHaveLength(7);
    expect(byId('372861822F2')).toEqual({
      queueName: 'deferred',
      queueId: '372861822F2',
      arrivalTime: 1795356664,
      size: 482,
      forcedExpire: false,
      sender: 'bob@example.test',
      recipients: [
        { address: 'x@remote.test', delayReason: 'Host or domain name not found. Name service error for name=remote.test type=MX: Host not found, try again' },
        { address: 'y@remote.test', delayReason: 'Host or domain name not found. Name service error for name=remote.test type=MX: Host not found, try again' },
      ],
    });
  });

  it('keeps the hold queue, forced expiry, long queue IDs, the null sender and quoted addresses as Postfix printed them', () => {
    expect(byId('5970F18247C').queueName).toBe('hold');
    expect(byId('5318C18230A').forcedExpire).toBe(true);
    expect(byId('4jXWGX5fs8zCvC3').recipients[0]!.address).toBe('long@remote.test');
    expect(byId('81CCD182315').sender).toBe('MAILER-DAEMON');
    expect(byId('617CD18230F').sender).toBe('"odd sender"@example.test');
    expect(byId('617CD18230F').recipients.map((r) => r.address)).toEqual(['tag+x@remote.test', '"we ird"@remote.test']);
  });
});

describe('parsePostqueueJson on odd and broken lines', () => {
  it('collects malformed lines with their line number instead of throwing', () => {
    expect(handmade.messages).toHaveLength(11);
    expect(handmade.malformed.map(({ lineNumber, problem }) => [lineNumber, problem])).toEqual([
      [13, 'not JSON'],
      [14, 'not a JSON object'],
      [15, 'missing or invalid queue_id'],
      [16, 'missing recipients'],
      [17, 'unknown queue_name "corrupt"'],
      [18, 'missing arrival_time'],
      [19, 'recipient without address'],
      [20, 'not JSON'],
    ]);
    expect(handmade.malformed.at(-1)!.text).toBe('postqueue: warning:  not json');
  });

  it('reads every queue name, missing delay reasons and missing forced_expire', () => {
    expect(handmade.messages.map((m) => m.queueName)).toEqual([
      'deferred', 'deferred', 'deferred', 'deferred', 'deferred', 'deferred', 'deferred', 'active', 'incoming', 'hold', 'maildrop',
    ]);
    expect(byId('1B2C3D4E5F').recipients).toEqual([{ address: 'fresh@example.org', delayReason: undefined }]);
    expect(byId('3D4E5F6A7B').forcedExpire).toBe(true);
    expect(parseQueueEntry('{"queue_name":"active","queue_id":"ABCDEF123","arrival_time":1,"sender":"a@b","recipients":[]}')).toMatchObject({
      forcedExpire: false,
      size: 0,
      recipients: [],
    });
  });

  it('accepts only alphanumeric queue IDs, so an ID is always safe as a postsuper argument', () => {
    expect(parseQueueEntry('{"queue_name":"hold","queue_id":"-d ALL","arrival_time":1,"sender":"","recipients":[]}')).toBe('missing or invalid queue_id');
    expect(parseQueueEntry('{"queue_name":"hold","queue_id":"../x","arrival_time":1,"sender":"","recipients":[]}')).toBe('missing or invalid queue_id');
  });

  it('keeps hostile strings raw for actions and sanitizes them only for display', () => {
    const hostile = byId('0A1B2C3D4E');
    expect(hostile.sender).toBe('\x1b]0;owned\x07attacker@evil.test');
    expect(hostile.recipients[0]!.address).toBe('\x1b[2J\x1b[Hvictim@example.org');
    const shown = queuedMessageForDisplay(hostile);
    expect(shown.sender).toBe('attacker@evil.test');
    expect(shown.recipients.map((r) => r.address)).toEqual(['victim@example.org', 'jörg@bücher.test', 'gnp.exe@example.org', '"we ird"@example.org']);
    expect(shown.recipients[0]!.delayReason).toBe('host mx.example.org[192.0.2.10] said: 452 4.2.2 <x>: Mailbox full (in reply to RCPT TO command)');
    expect(shown.recipients[1]!.delayReason).toBeUndefined();
    expect(shown.queueId).toBe(hostile.queueId);
  });
});

describe('addressDomain', () => {
  it('takes the part after the last @, lower-cased', () => {
    expect(addressDomain('Ann@GMail.com')).toBe('gmail.com');
    expect(addressDomain('"a@b"@example.org')).toBe('example.org');
    expect(addressDomain('localonly')).toBe('');
  });
});

describe('normaliseReason', () => {
  it('drops the host and address of a connection failure', () => {
    const a = normaliseReason('connect to mx1.gmail.com[142.250.1.1]:25: Connection timed out');
    expect(a).toBe('connect to *[*]:25: Connection timed out');
    expect(normaliseReason('connect to alt4.gmail-smtp-in.l.google.com[74.125.200.26]:25: Connection timed out')).toBe(a);
    expect(normaliseReason('connect to mx.example.net[2001:db8::25]:25: Network is unreachable')).toBe('connect to *[*]:25: Network is unreachable');
  });

  it('drops echoed addresses, looked-up names, bare IPs and per-attempt IDs but keeps ports and status codes', () => {
    expect(normaliseReason('host mx.example.org[192.0.2.10] said: 452 4.2.2 <full@example.org>: Mailbox full (in reply to RCPT TO command)')).toBe(
      'host *[*] said: 452 4.2.2 <*>: Mailbox full (in reply to RCPT TO command)',
    );
    expect(normaliseReason('Host or domain name not found. Name service error for name=remote.test type=MX: Host not found, try again')).toBe(
      'Host or domain name not found. Name service error for name=* type=MX: Host not found, try again',
    );
    expect(normaliseReason('lost connection with 192.0.2.1 while sending RCPT TO')).toBe('lost connection with * while sending RCPT TO');
    expect(normaliseReason('refused by 2001:db8::1 at 14:02:03')).toBe('refused by * at 14:02:03');
    expect(normaliseReason('421-4.7.28 rate limited a640c23a62f3a-abc123si1234567.89 - gsmtp')).toBe('421-4.7.28 rate limited * - gsmtp');
    expect(normaliseReason('connect to 127.0.0.1[127.0.0.1]:2525: Connection refused')).toBe('connect to *[*]:2525: Connection refused');
  });

  it('treats a suspended destination as its original cause, and no reason as one group', () => {
    expect(normaliseReason('delivery temporarily suspended: connect to a.example[192.0.2.1]:25: Connection refused')).toBe(
      normaliseReason('connect to b.example[192.0.2.2]:25: Connection refused'),
    );
    expect(normaliseReason(undefined)).toBe(NO_REASON);
    expect(normaliseReason('  ')).toBe(NO_REASON);
  });

  it('is safe to display', () => {
    expect(normaliseReason('452 \x1b[31mfull\u009b2J\x1b]0;t\x07 now')).toBe('452 full now');
  });
});

describe('groupByReason', () => {
  it('groups the real queue by normalised reason and domain, largest first', () => {
    expect(groupByReason(real.messages).map(({ count, recipientCount, domain, reason }) => ({ count, recipientCount, domain, reason }))).toEqual([
      { count: 5, recipientCount: 7, domain: 'remote.test', reason: 'Host or domain name not found. Name service error for name=* type=MX: Host not found, try again' },
      { count: 1, recipientCount: 1, domain: 'other-remote.test', reason: 'Host or domain name not found. Name service error for name=* type=MX: Host not found, try again' },
      { count: 1, recipientCount: 1, domain: 'elsewhere.test', reason: 'connect to *[*]:2525: Connection refused' },
    ]);
  });

  it('puts Gmail timeouts from different MX hosts together, and long replies that differ only in IDs', () => {
    const groups = groupByReason(handmade.messages);
    const gmail = groups.filter((g) => g.domain === 'gmail.com');
    expect(gmail.map((g) => [g.count, g.recipientCount, ids(g.messages)])).toEqual([
      [2, 3, ['A1B2C3D4E5', 'B2C3D4E5F6']],
      [2, 2, ['C3D4E5F6A7', 'D4E5F6A7B8']],
    ]);
    expect(gmail[1]!.reason).toMatch(/^host \*\[\*\] said: 421-4\.7\.28 Gmail has detected .* \* - gsmtp \(in reply to end of DATA command\)$/);
    expect(gmail[1]!.example).toContain('a640c23a62f3a-abc123si1234567.89');
  });

  it('counts a message once per group and lists it in every group of its recipients', () => {
    const groups = groupByReason(handmade.messages);
    const full = groups.find((g) => g.domain === 'example.org' && g.reason.includes('Mailbox full'))!;
    expect(full.count).toBe(3);
    expect(full.recipientCount).toBe(4);
    expect(ids(full.messages)).toEqual(['E5F6A7B8C9', 'F6A7B8C9D0', '0A1B2C3D4E']);
    const inGroups = groups.filter((g) => g.messages.some((m) => m.queueId === '0A1B2C3D4E'));
    expect(inGroups.map((g) => `${g.domain} ${g.reason.slice(0, 15)}`)).toEqual(['example.org (no reason yet)', 'example.org host *[*] said:', 'bücher.test (no reason yet)']);
  });

  it('labels groups safely for display and keeps raw messages for actions', () => {
    const hostile = parseQueueEntry(
      '{"queue_name":"deferred","queue_id":"ABCDEF12345","arrival_time":1,"sender":"a@b","recipients":[{"address":"x@evil\\u001b]0;t\\u0007.test","delay_reason":"451 \\u001b[2Jtry later"}]}',
    ) as QueuedMessage;
    const [group] = groupByReason([hostile]);
    expect(group).toMatchObject({ domain: 'evil.test', reason: '451 try later', example: '451 try later' });
    expect(group!.messages[0]!.recipients[0]!.address).toBe('x@evil\x1b]0;t\x07.test');
    expect(groupByRecipientDomain([hostile])[0]!.domain).toBe('evil.test');
  });

  it('is empty for an empty queue', () => {
    expect(groupByReason([])).toEqual([]);
    expect(groupByRecipientDomain([])).toEqual([]);
  });
});

describe('groupByRecipientDomain', () => {
  it('groups by domain, largest first, then by name', () => {
    expect(groupByRecipientDomain(real.messages).map((g) => [g.domain, g.count, g.recipientCount])).toEqual([
      ['remote.test', 5, 7],
      ['elsewhere.test', 1, 1],
      ['other-remote.test', 1, 1],
    ]);
    expect(groupByRecipientDomain(handmade.messages).map((g) => [g.domain, g.count])).toEqual([
      ['example.org', 5],
      ['gmail.com', 4],
      ['example.net', 2],
      ['', 1],
      ['bücher.test', 1],
    ]);
  });
});

describe('filterQueue', () => {
  const now = 1795356000 + 3600;
  const all = handmade.messages;

  it('filters by sender, recipient, reason and free text, case-insensitively', () => {
    expect(ids(filterQueue(all, { sender: 'ATTACKER' }, now))).toEqual(['0A1B2C3D4E']);
    expect(ids(filterQueue(all, { recipient: 'ben@' }, now))).toEqual(['A1B2C3D4E5']);
    expect(ids(filterQueue(all, { reason: 'network is unreachable' }, now))).toEqual(['E5F6A7B8C9']);
    expect(ids(filterQueue(all, { text: 'b2c3d4e5f6' }, now))).toEqual(['B2C3D4E5F6']);
    expect(ids(filterQueue(all, { text: 'ANN@' }, now))).toEqual(['A1B2C3D4E5']);
    expect(ids(filterQueue(all, { text: 'mailbox full' }, now))).toEqual(['E5F6A7B8C9', 'F6A7B8C9D0', '0A1B2C3D4E']);
    expect(filterQueue(all, { sender: '' }, now)).toHaveLength(all.length);
  });

  it('filters by exact recipient domain and by queue name', () => {
    expect(ids(filterQueue(all, { domain: 'GMAIL.com' }, now))).toEqual(['A1B2C3D4E5', 'B2C3D4E5F6', 'C3D4E5F6A7', 'D4E5F6A7B8']);
    expect(filterQueue(all, { domain: 'mail.com' }, now)).toEqual([]);
    expect(ids(filterQueue(all, { queueName: 'hold' }, now))).toEqual(['3D4E5F6A7B']);
    expect(ids(filterQueue(all, { queueName: ['active', 'incoming'] }, now))).toEqual(['1B2C3D4E5F', '2C3D4E5F6A']);
  });

  it('filters by age in seconds, bounds included, and combines filters', () => {
    expect(ids(filterQueue(all, { minAgeSeconds: 3600 - 60 }, now))).toEqual(['A1B2C3D4E5', 'B2C3D4E5F6']);
    expect(ids(filterQueue(all, { maxAgeSeconds: 3600 - 430 }, now))).toEqual(['2C3D4E5F6A', '3D4E5F6A7B', '4D5E6F7A8B']);
    expect(ids(filterQueue(all, { domain: 'gmail.com', minAgeSeconds: 3600 - 120, reason: 'gmail has detected' }, now))).toEqual(['C3D4E5F6A7']);
  });
});

describe('sortQueue', () => {
  it('sorts by every column, both ways, keeping input order for ties', () => {
    const expected: Record<QueueSortColumn, string> = {
      queueId: '372861822F2 44F711822F0 4jXWGX5fs8zCvC3 5318C18230A 5970F18247C 617CD18230F 81CCD182315',
      queueName: '5970F18247C 372861822F2 81CCD182315 5318C18230A 617CD18230F 44F711822F0 4jXWGX5fs8zCvC3',
      arrivalTime: '372861822F2 81CCD182315 5318C18230A 617CD18230F 44F711822F0 5970F18247C 4jXWGX5fs8zCvC3',
      size: '5970F18247C 4jXWGX5fs8zCvC3 372861822F2 5318C18230A 44F711822F0 81CCD182315 617CD18230F',
      sender: '617CD18230F 372861822F2 44F711822F0 5318C18230A 4jXWGX5fs8zCvC3 81CCD182315 5970F18247C',
      recipient: '44F711822F0 5970F18247C 4jXWGX5fs8zCvC3 617CD18230F 81CCD182315 372861822F2 5318C18230A',
      domain: '44F711822F0 5318C18230A 372861822F2 81CCD182315 617CD18230F 5970F18247C 4jXWGX5fs8zCvC3',
      // 4jXW… reads `delivery temporarily suspended: …`; 5318… `… name=other-remote.test …`.
      reason: '44F711822F0 4jXWGX5fs8zCvC3 5318C18230A 372861822F2 81CCD182315 617CD18230F 5970F18247C',
      recipients: '81CCD182315 5318C18230A 44F711822F0 5970F18247C 4jXWGX5fs8zCvC3 372861822F2 617CD18230F',
    };
    for (const [column, order] of Object.entries(expected) as [QueueSortColumn, string][]) {
      expect(ids(sortQueue(real.messages, column)).join(' '), column).toBe(order);
    }
    expect(ids(sortQueue(real.messages, 'arrivalTime', 'desc')).join(' ')).toBe('4jXWGX5fs8zCvC3 5970F18247C 372861822F2 81CCD182315 5318C18230A 617CD18230F 44F711822F0');
  });

  it('returns a copy', () => {
    const before = ids(real.messages);
    sortQueue(real.messages, 'size', 'desc');
    expect(ids(real.messages)).toEqual(before);
  });
});

describe('a large queue', () => {
  it('parses and groups 10,000 messages whose reasons differ only in host and address', () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const host = `mx${i % 7}.domain${i % 50}.example`;
      lines.push(JSON.stringify({
        queue_name: i % 10 === 0 ? 'active' : 'deferred',
        queue_id: (0x10000000000 + i).toString(16).toUpperCase(),
        arrival_time: 1795356000 - i,
        message_size: 1000 + i,
        forced_expire: false,
        sender: `sender${i % 100}@example.test`,
        recipients: [{ address: `user${i}@domain${i % 50}.example`, delay_reason: `connect to ${host}[192.0.2.${i % 250}]:25: Connection timed out` }],
      }));
    }
    const { messages } = parsePostqueueJson(lines.join('\n'));
    const groups = groupByReason(messages);
    expect(messages).toHaveLength(10_000);
    expect(groups).toHaveLength(50);
    expect(groups[0]!.count).toBe(200);
  });
});
