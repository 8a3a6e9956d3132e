import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LogLine } from '../../screens/logs/log-line.js';
import { parseLogQuery } from '../../screens/logs/log-query.js';
import { columnWidths, GroupRow, QueueRow } from '../../screens/queue/queue-row.js';
import { groupByReason, parsePostqueueJson } from '../../src/dms/postqueue.js';
import { parseSourceLine } from '../../src/services/log-follow.js';
import { detectTheme } from '../../src/ui/theme.js';
import { frameOf } from '../support/frame-of.js';

const NO_COLOR = detectTheme({ NO_COLOR: '1', TERM: 'xterm' });
const COLOR = detectTheme({ TERM: 'xterm' });
const hostile = parsePostqueueJson(readFileSync(new URL('../fixtures/postqueue-j-handmade.txt', import.meta.url), 'utf8')).messages;

describe('LogLine', () => {
  const entry = { ...parseSourceLine('mail.log', '2026-11-22T14:02:03+00:00 mail postfix/smtpd[1]: warning: hostname x does not resolve', {}), seq: 0 };

  it('with NO_COLOR: the level is written out, no colour codes', async () => {
    const frame = await frameOf(<LogLine entry={entry} selected={false} timestamps query={undefined} theme={NO_COLOR} />);
    expect(frame).toBe('11-22 14:02:03 postfix/smtpd   WRN warning: hostname x does not resolve');
  });

  it('timestamps off; with colour the tag goes (colour says it)', async () => {
    const frame = await frameOf(<LogLine entry={entry} selected={false} timestamps={false} query={parseLogQuery('resolve')} theme={COLOR} />);
    expect(frame).toBe('postfix/smtpd   warning: hostname x does not resolve');
  });
});

describe('QueueRow and GroupRow on hostile postqueue data', () => {
  it('print no control sequence from senders, recipients or reasons', async () => {
    for (const message of hostile) {
      const frame = await frameOf(<QueueRow message={message} selected={false} marked nowSeconds={message.arrivalTime + 90} width={100} theme={NO_COLOR} />);
      expect(frame).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(frame).toContain(message.queueId);
    }
    for (const group of groupByReason(hostile)) {
      const frame = await frameOf(<GroupRow group={group} selected={false} marked={0} domainWidth={20} />);
      expect(frame).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
  });

  it('fits 80 columns: fixed columns, the rest shared', () => {
    const w = columnWidths(80);
    expect(2 + w.queue + w.id + w.age + w.size + w.sender + w.recipients + w.reason).toBe(80);
  });
});
