import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceQueueId } from '../../src/dms/mail-log.js';
import { parseEximLogLine } from '../../src/formats/exim/main-log.js';

const lines = readFileSync(new URL('../fixtures/exim-4.98-main.log', import.meta.url), 'utf8').split('\n').filter(Boolean);
const find = (pattern: RegExp) => {
  const line = lines.find((l) => pattern.test(l));
  if (!line) throw new Error(`no line matches ${pattern}`);
  return parseEximLogLine(line);
};

describe('Exim main log', () => {
  it('reads an arrival: message ID, sender, time', () => {
    const entry = find(/ <= alice@example\.test .*T="hello"/);
    expect(entry).toMatchObject({ queueId: expect.stringMatching(/^\w{6}-\w{11}-\w{4}$/), addresses: { from: 'alice@example.test' }, level: 'info', service: 'exim/main' });
    expect(new Date(entry.time!).toISOString()).toMatch(/^2026-12-05T18:53:0\d\.000Z$/);
  });

  it('reads deliveries, deferrals and failures with the recipient and a status', () => {
    expect(find(/ => erin /)).toMatchObject({ status: 'sent', addresses: { to: 'erin' } });
    expect(find(/ == bob@remote\.test /)).toMatchObject({ status: 'deferred', addresses: { to: 'bob@remote.test' }, level: 'info' });
    expect(find(/ \*\* gina@remote\.test /)).toMatchObject({ status: 'bounced', level: 'warning' });
    expect(find(/ <= <> R=/).addresses.from).toBe('');
  });

  it('marks a frozen message as a warning, and a line without a message ID has none', () => {
    expect(find(/ Frozen$/)).toMatchObject({ level: 'warning', status: undefined });
    const daemon = find(/daemon started/);
    expect(daemon.queueId).toBeUndefined();
    expect(daemon.level).toBe('info');
  });

  it('takes the client address of a rejection from H=, a zone when Exim logs one, and the log file as the level', () => {
    const reject = parseEximLogLine('2026-12-05 18:50:30 H=(helo.example) [192.0.2.7] F=<a@b.test> rejected RCPT <x@refused.test>: refused by the test', 'reject');
    expect(reject).toMatchObject({ clientIp: '192.0.2.7', level: 'warning', service: 'exim/reject' });
    expect(parseEximLogLine('2026-12-05 18:50:30 +0100 daemon: x').time).toBe(Date.UTC(2026, 11, 5, 17, 50, 30));
    expect(parseEximLogLine('2026-12-05 18:50:30 failed to open DB', 'panic').level).toBe('error');
  });

  it('neutralises control sequences in a subject', () => {
    const entry = parseEximLogLine('2026-12-05 18:50:30 1xZuq6-0000000000P-1MMf <= a@b.test U=root P=local S=1 T="\u001b]0;pwned\u0007\u001b[2J"');
    expect(entry.line).not.toMatch(/[\u0000-\u001f]/);
  });

  it('traces a message across the smarthost hand-off: the next Exim\'s ID from its answer (C="250 OK id=…")', () => {
    // Handmade in Exim 4.98's format (the stand-ins do not relay to each other): int-mailout hands to ext-mailout.
    const internal = [
      '2026-12-05 19:00:01 1xZa01-0000000000A-0001 <= erin@example.test H=(client) [172.18.0.9] P=esmtpsa S=900',
      '2026-12-05 19:00:01 1xZa01-0000000000A-0001 => dan@remote.test R=smarthost T=remote_smtp H=exim-ext-mailout [172.18.0.5] C="250 OK id=1xZa01-0000000000B-0002"',
      '2026-12-05 19:00:01 1xZa01-0000000000A-0001 Completed',
      '2026-12-05 19:00:00 1xZa00-0000000000C-0003 <= other@example.test U=root P=local S=10',
    ].map((l) => parseEximLogLine(l));
    const external = [
      '2026-12-05 19:00:01 1xZa01-0000000000B-0002 <= erin@example.test H=exim-int-mailout [172.18.0.4] P=esmtps S=1200 id=abc@example.test',
      '2026-12-05 19:00:02 1xZa01-0000000000B-0002 => dan@remote.test R=dnslookup T=remote_smtp H=mx.remote.test [192.0.2.25] C="250 2.0.0 Ok: queued as 4XyZ"',
    ].map((l) => parseEximLogLine(l));
    const trace = traceQueueId([...internal, ...external], '1xZa01-0000000000A-0001');
    expect(trace.map((e) => e.queueId)).toEqual(['1xZa01-0000000000A-0001', '1xZa01-0000000000A-0001', '1xZa01-0000000000A-0001', '1xZa01-0000000000B-0002', '1xZa01-0000000000B-0002']);
  });

  it("reads Debian 12's Exim 4.96 main log as captured (16-character IDs, Frozen after a deferral)", () => {
    const old = readFileSync(new URL('../fixtures/exim-4.96-main.log', import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => parseEximLogLine(l));
    const deferral = old.find((e) => e.status === 'deferred' && e.addresses.to === 'carol@remote.test');
    expect(deferral).toMatchObject({ queueId: '1xZzte-0000G9-0Z', level: 'info' });
    expect(old.find((e) => e.queueId === '1xZzte-0000G9-0Z' && / Frozen$/.test(e.message))?.level).toBe('warning');
    expect(old.filter((e) => e.message.includes(' <= ')).every((e) => e.queueId?.length === 16)).toBe(true);
    expect(traceQueueId(old, '1xZzte-0000G9-0Z').some((e) => / <= <> R=1xZzte-0000G9-0Z/.test(e.message))).toBe(true);
  });
});
