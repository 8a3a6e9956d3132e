import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { highlightRanges, logMatcher, parseLogQuery } from '../../screens/logs/log-query.js';
import { FilteredLog } from '../../screens/logs/log-view.js';
import { RingBuffer } from '../../src/dms/ring-buffer.js';
import { mergeTraces, noticeEntry, parseSourceLine, type LogEntry, type LogSource } from '../../src/services/log-follow.js';
import { LogMerger } from '../../src/services/log-merge.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const CONTEXT = { referenceTime: Date.UTC(2026, 10, 23) };
const parse = (source: LogSource, text: string): LogEntry[] =>
  text.split('\n').filter(Boolean).map((line, i) => ({ ...parseSourceLine(source, line, CONTEXT), seq: i }));
const mailLog = parse('mail.log', fixture('mail.log'));
const handmade = parse('mail.log', fixture('mail-handmade.log'));
const fail2ban = parse('fail2ban.log', fixture('fail2ban.log'));
const container = parse('container', fixture('container-output.txt'));

describe('parseSourceLine', () => {
  it('container output: DMS and supervisord lines get their script as service; copied mail.log lines parse as mail lines', () => {
    const dms = container.find((e) => e.message.includes('is up and running'))!;
    expect(dms).toMatchObject({ source: 'container', service: 'start-mailserver.sh', level: 'info', notice: false });
    expect(dms.time).toBe(Date.UTC(2026, 10, 22, 14, 10, 43));
    const copied = container.find((e) => e.service === 'postfix/master')!;
    expect(copied).toMatchObject({ source: 'container', host: 'mail' });
    expect(container.filter((e) => e.level === 'warning').length).toBeGreaterThan(0);
  });

  it('a line without a time takes the engine time, else sorts as NaN for the follower to fill', () => {
    expect(parseSourceLine('container', 'plain words', CONTEXT, 1234).sortTime).toBe(1234);
    expect(parseSourceLine('container', 'plain words', CONTEXT).sortTime).toBeNaN();
  });

  it('notices are warning entries of their own service, sanitized', () => {
    expect(noticeEntry('x stopped\u001b[2J', 'container', 5)).toMatchObject({ service: 'mailwiz', level: 'warning', notice: true, message: 'x stopped', sortTime: 5 });
  });
});

describe('LogMerger', () => {
  const item = (sortTime: number, name: string) => ({ sortTime, name });

  it('holds lines for the window, then releases all sources merged by time, keeping each source in its order', () => {
    const merger = new LogMerger<{ sortTime: number; name: string }>(3, 300);
    merger.add(0, item(30, 'c1'), 1000);
    merger.add(1, item(10, 'm1'), 1100);
    merger.add(1, item(40, 'm2'), 1100);
    merger.add(2, item(20, 'f1'), 1200);
    merger.add(0, item(5, 'c2-out-of-order'), 1200);
    expect(merger.drain(1250)).toEqual([]);
    expect(merger.drain(1400).map((i) => i.name)).toEqual(['m1', 'c1', 'm2']);
    expect(merger.pending).toBe(2);
    expect(merger.drain(2000).map((i) => i.name)).toEqual(['c2-out-of-order', 'f1']);
    expect(merger.drain(0, true)).toEqual([]);
  });

  it("waits for every stream's backlog (or a stream that says it has none) before the first release, up to a deadline", () => {
    const merger = new LogMerger<{ sortTime: number; name: string }>(3, 300);
    merger.awaitFirstLines([0, 1, 2], 5000);
    merger.add(0, item(50, 'late-stream-first-line'), 1000);
    expect(merger.drain(2000)).toEqual([]);
    merger.add(1, item(10, 'older-backlog'), 2500);
    merger.heard(2);
    expect(merger.drain(3000).map((i) => i.name)).toEqual(['older-backlog', 'late-stream-first-line']);

    const silent = new LogMerger<{ sortTime: number; name: string }>(2, 300);
    silent.awaitFirstLines([0, 1], 5000);
    silent.add(0, item(1, 'only'), 1000);
    expect(silent.drain(4999)).toEqual([]);
    expect(silent.drain(5000).map((i) => i.name)).toEqual(['only']);
  });
});

describe('FilteredLog over a ring buffer', () => {
  it('follows new lines, forgets dropped ones, and finds positions by absolute seq', () => {
    const buffer = new RingBuffer<number>(10);
    const even = new FilteredLog(buffer, (n) => n % 2 === 0);
    for (let n = 0; n < 6; n++) buffer.push(n);
    even.sync();
    expect(even.slice(0, 10)).toEqual([0, 2, 4]);
    for (let n = 6; n < 25; n++) buffer.push(n);
    even.sync();
    expect(even.slice(0, 10)).toEqual([16, 18, 20, 22, 24]);
    expect(even.seqAt(0)).toBe(16);
    expect(even.indexAtOrAfter(17)).toBe(1);
    expect(even.indexAtOrAfter(3)).toBe(0);
    expect(even.indexAtOrAfter(99)).toBe(5);
    expect(even.at(5)).toBeUndefined();
  });

  it('keeps up with 100,000 lines through a 20,000-line buffer', () => {
    const buffer = new RingBuffer<number>(20_000);
    const view = new FilteredLog(buffer, (n) => n % 10 === 0);
    for (let n = 0; n < 100_000; n++) {
      buffer.push(n);
      if (n % 500 === 0) view.sync();
    }
    view.sync();
    expect(view.length).toBe(2000);
    expect(view.at(0)).toBe(80_000);
  });
});

describe('the / query of the Logs screen', () => {
  const matching = (text: string, entries: readonly LogEntry[] = [...mailLog, ...handmade, ...fail2ban]): LogEntry[] => entries.filter(logMatcher(parseLogQuery(text)));

  /** Some lines match, and every one that does has the property. */
  const expectAll = (text: string, property: (e: LogEntry) => boolean): void => {
    const found = matching(text);
    expect(found.length, text).toBeGreaterThan(0);
    expect(found.every(property), text).toBe(true);
  };

  it('filters by service, level, address, IP, queue ID, source, words and regex', () => {
    expectAll('service:postfix/qmgr', (e) => e.service === 'postfix/qmgr');
    expectAll('level:warn', (e) => e.level === 'warning' || e.level === 'error');
    expectAll('level:error', (e) => e.level === 'error');
    expectAll('ip:203.0.113.9', (e) => e.clientIp === '203.0.113.9');
    expectAll('addr:alias@example.test', (e) => Object.values(e.addresses).includes('alias@example.test'));
    expectAll('id:4ABCDEF0123', (e) => e.line.includes('4ABCDEF0123'));
    expectAll('src:fail', (e) => e.source === 'fail2ban.log');
    expectAll('relay access denied', (e) => /relay access denied/i.test(e.line));
    expectAll('/status=(bounced|expired)/', (e) => e.status === 'bounced' || e.status === 'expired');
    expectAll('service:smtpd level:warn', (e) => e.service.includes('smtpd') && e.level !== 'info');
  });

  it('says what it cannot use: an invalid regex is searched as text', () => {
    const query = parseLogQuery('re:[oops level:loud src:nowhere');
    expect(query.problems).toEqual(['invalid regex /[oops/ (searched as text)', 'level:loud (levels: debug, info, warning, error)', 'src:nowhere (sources: container, mail.log, fail2ban.log)']);
    expect(query.words).toEqual(['[oops']);
  });

  it('the l key level and the query level: the stricter wins; notices always show', () => {
    const notice = { ...noticeEntry('restarted', 'container', 1), seq: 0 };
    const matcher = logMatcher(parseLogQuery('level:warning'), 'error');
    expect(handmade.filter(matcher).every((e) => e.level === 'error')).toBe(true);
    expect(matcher(notice)).toBe(true);
  });

  it('highlights every word and regex match, merged', () => {
    expect(highlightRanges('Connect from a to connect', parseLogQuery('connect'))).toEqual([[0, 7], [18, 25]]);
    expect(highlightRanges('status=sent status=deferred', parseLogQuery('/status=\\w+/ sent'))).toEqual([[0, 11], [12, 27]]);
    expect(highlightRanges('nothing here', parseLogQuery('level:warn'))).toEqual([]);
  });
});

describe('mergeTraces', () => {
  it('adds the buffer lines the server trace lacks, in time order', () => {
    const a = { ...parseSourceLine('mail.log', '2026-11-22T14:00:01+00:00 mail postfix/qmgr[1]: ABC123DEF: removed', CONTEXT), seq: 1 };
    const b = { ...parseSourceLine('mail.log', '2026-11-22T14:00:00+00:00 mail postfix/smtpd[1]: ABC123DEF: client=x[192.0.2.1]', CONTEXT), seq: 0 };
    expect(mergeTraces([a], [b, a]).map((e) => e.service)).toEqual(['postfix/smtpd', 'postfix/qmgr']);
  });
});
