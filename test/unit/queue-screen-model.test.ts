import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { confirmation, describeMessages, flushAllConfirmation } from '../../screens/queue/queue-describe.js';
import { actionTargets, groupsOf, inScope, nextSort, scopeOf, shownMessages, sortLabel } from '../../screens/queue/queue-model.js';
import { parseQueueQuery } from '../../screens/queue/queue-query.js';
import { parsePostqueueJson, type QueuedMessage } from '../../src/dms/postqueue.js';
import { actionCommand, checkQueueIds, splitMessage } from '../../src/services/queue.js';
import { parseDurationSeconds, queryTerms } from '../../src/ui/query-tokens.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const real = parsePostqueueJson(fixture('postqueue-j.txt')).messages;
const handmade = parsePostqueueJson(fixture('postqueue-j-handmade.txt')).messages;
const all = [...real, ...handmade];
const byId = (id: string): QueuedMessage => all.find((m) => m.queueId === id)!;
const ids = (messages: readonly QueuedMessage[]): string[] => messages.map((m) => m.queueId);
const NOW = 1795356664 + 3600;

describe('queryTerms and durations', () => {
  it('splits keyed terms, comparisons, plain and quoted words; unknown keys stay words', () => {
    expect(queryTerms('from:bob age>1h "two words" x:y age:<5m', ['from', 'age'])).toEqual([
      { key: 'from', op: ':', value: 'bob' },
      { key: 'age', op: '>', value: '1h' },
      { key: undefined, op: undefined, value: 'two words' },
      { key: undefined, op: undefined, value: 'x:y' },
      { key: 'age', op: '<', value: '5m' },
    ]);
  });

  it('reads durations; a bare number is minutes', () => {
    expect([parseDurationSeconds('90s'), parseDurationSeconds('2h'), parseDurationSeconds('1d'), parseDurationSeconds('5'), parseDurationSeconds('1.5h')]).toEqual([90, 7200, 86_400, 300, 5400]);
    expect(parseDurationSeconds('soon')).toBeUndefined();
  });
});

describe('parseQueueQuery', () => {
  it('maps every key to the postqueue filter, and free words to text', () => {
    expect(parseQueueQuery('from:news to:ann domain:@gmail.com reason:timed queue:deferred,hold age>1h age<2d urgent').filter).toEqual({
      sender: 'news', recipient: 'ann', domain: 'gmail.com', reason: 'timed', queueName: ['deferred', 'hold'],
      minAgeSeconds: 3600, maxAgeSeconds: 172_800, text: 'urgent',
    });
  });

  it('reports what it does not understand and ignores it', () => {
    const { filter, problems } = parseQueueQuery('queue:stuck age>soon');
    expect(filter).toEqual({});
    expect(problems).toEqual(['queue:stuck (queues: maildrop, hold, incoming, active, deferred)', 'age>soon (try age>1h or age<30m)']);
  });

  it('filters the fixture queue like an admin would', () => {
    const shown = (text: string): string[] => ids(shownMessages(all, parseQueueQuery(text).filter, undefined, { column: 'queueId', direction: 'asc' }, NOW));
    expect(shown('domain:gmail.com')).toEqual(ids(all.filter((m) => m.recipients.some((r) => r.address.endsWith('@gmail.com')))).sort());
    expect(shown('queue:hold')).toEqual(ids(all.filter((m) => m.queueName === 'hold')).sort());
    expect(shown('age<1m')).toEqual([]);
    expect(shown('372861822F2')).toEqual(['372861822F2']);
  });
});

describe('groups, scopes and action targets', () => {
  it('a group opened from the reason view lists exactly the messages of the group', () => {
    for (const group of groupsOf(all, 'reason')) {
      const scoped = all.filter(inScope(scopeOf(group, 'reason')));
      expect(ids(scoped).sort()).toEqual(ids(group.messages).sort());
    }
    for (const group of groupsOf(all, 'domain')) {
      expect(ids(all.filter(inScope(scopeOf(group, 'domain')))).sort()).toEqual(ids(group.messages).sort());
    }
  });

  it('actions work on the marks, else the group, else the cursor message', () => {
    const group = groupsOf(all, 'domain')[0]!;
    const message = all[0]!;
    expect(actionTargets(all, new Set(['372861822F2', 'gone']), { group, message })).toEqual({ messages: [byId('372861822F2')], from: 'marks' });
    expect(actionTargets(all, new Set(), { group, message })).toEqual({ messages: group.messages, from: 'group' });
    expect(actionTargets(all, new Set(), { message })).toEqual({ messages: [message], from: 'cursor' });
    expect(actionTargets(all, new Set(), {})).toEqual({ messages: [], from: 'cursor' });
  });

  it('s steps through the columns; age reads oldest/newest first', () => {
    expect(sortLabel({ column: 'arrivalTime', direction: 'asc' })).toBe('age, oldest first');
    expect(nextSort({ column: 'arrivalTime', direction: 'desc' })).toEqual({ column: 'queueName', direction: 'asc' });
    expect(sortLabel({ column: 'size', direction: 'desc' })).toBe('size ↓');
  });
});

describe('confirmations name what and how many', () => {
  const gmail = handmade.filter((m) => m.queueName === 'deferred' && m.recipients.every((r) => r.address.endsWith('@gmail.com')));

  it('a bulk set: count, common queue, common sender and recipient domain', () => {
    expect(gmail.length).toBeGreaterThan(1);
    expect(confirmation('delete', gmail, 'postsuper -d - (IDs on stdin)').question).toBe(`Delete ${gmail.length} deferred messages from news@example.test to gmail.com?`);
    expect(describeMessages(all)).toBe(`${all.length} messages`);
    expect(confirmation('hold', gmail, actionCommand('hold'), 'Reason: x').detail).toBe(
      'Reason: x\nThe server will not try to deliver them until they are released (Exim: frozen).\nRuns: postsuper -h - (IDs on stdin)',
    );
  });

  it('one message: its ID, sender and first recipient, sanitized', () => {
    expect(describeMessages([byId('372861822F2')])).toBe('deferred message 372861822F2 (bob@example.test → x@remote.test +1)');
    expect(describeMessages([byId('0A1B2C3D4E')])).not.toMatch(/\u001b|\u0007/);
    expect(flushAllConfirmation(1234, 'postqueue -f').question).toBe('Flush the whole queue (1,234 messages): try every deferred message now?');
  });
});

describe('queue service helpers', () => {
  it('checkQueueIds: distinct, alphanumeric, at least one', () => {
    expect(checkQueueIds(['ABC123', 'ABC123', '4jXWGX5fs8zCvC3'])).toEqual(['ABC123', '4jXWGX5fs8zCvC3']);
    expect(() => checkQueueIds(['ABC 123'])).toThrow("'ABC 123' is not a queue ID");
    expect(() => checkQueueIds(['-d'])).toThrow('is not a queue ID');
    expect(() => checkQueueIds(['\u001b[2J'])).toThrow("'\\x1b[2J' is not a queue ID");
    expect(() => checkQueueIds([])).toThrow('No message selected.');
  });

  it('splitMessage: headers up to the first empty line, a bounded body, control characters made harmless', () => {
    const text = 'Subject: hi \u001b[31mred\r\nX-Long: a\r\n\tcontinued\r\n\r\nline 1\r\n\u001b]0;title\u0007line 2\r\nline 3\r\n';
    expect(splitMessage('ABC123', text, 1000, 2)).toEqual({
      queueId: 'ABC123', headers: ['Subject: hi red', 'X-Long: a', ' continued'], body: ['line 1', 'line 2'], truncated: true,
    });
    expect(splitMessage('ABC123', 'Subject: x\n\nbody', 10, 5).truncated).toBe(true);
  });
});
