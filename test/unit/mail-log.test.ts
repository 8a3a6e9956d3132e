import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  levelFromWord,
  parseContainerLine,
  parseMailLog,
  parseMailLogLine,
  traceQueueId,
  type MailLogEntry,
} from '../../src/dms/mail-log.js';
import { decodeUntrustedLines } from '../../src/dms/terminal-text.js';

const fixtureLines = (name: string): string[] => decodeUntrustedLines(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const context = { referenceTime: Date.UTC(2026, 10, 23) };
const parseFixture = (name: string): MailLogEntry[] => fixtureLines(name).map((line) => parseMailLogLine(line, context));
// From the testbed: two container runs, RFC 3339 stamps, then rsyslog switched to the traditional format.
const real = parseFixture('mail.log');
const handmade = parseFixture('mail-handmade.log');
const fail2ban = parseFixture('fail2ban.log');
const find = (entries: MailLogEntry[], fragment: string): MailLogEntry => entries.find((e) => e.line.includes(fragment))!;
const iso = (entry: MailLogEntry): string | undefined => (entry.time === undefined ? undefined : new Date(entry.time).toISOString());

describe('parseMailLogLine on the real mail.log', () => {
  it('recognises every line in both timestamp formats', () => {
    expect(real).toHaveLength(208);
    for (const entry of real) {
      expect(entry.time, entry.line).toBeTypeOf('number');
      expect(entry.host, entry.line).toBe('mail');
      expect(entry.service, entry.line).toMatch(/^(postfix\/[a-z-]+|dovecot|opendkim)$/);
    }
    expect(real.filter((e) => /^[A-Z][a-z]{2} /.test(e.line)).length).toBeGreaterThan(15);
  });

  it('reads an RFC 3339 delivery line', () => {
    const sent = find(real, '27C161822F0: to=<user@example.test>');
    expect(sent).toMatchObject({
      time: Date.UTC(2026, 10, 22, 14, 11, 4, 259),
      host: 'mail',
      service: 'postfix/lmtp',
      pid: 664,
      level: 'info',
      queueId: '27C161822F0',
      addresses: { to: 'user@example.test' },
      clientIp: undefined,
      status: 'sent',
      jail: undefined,
    });
    expect(sent.message).toMatch(/^27C161822F0: to=<user@example.test>, relay=mail.example.test\[\/var\/run\/dovecot\/lmtp\], .* Saved\)$/);
  });

  it('reads a traditional line, taking the year from the reference time', () => {
    const entry = find(real, 'Nov 22 14:13:44 mail postfix/smtpd[1446]: 4jXWJm1MmqzCv6v: client=');
    expect(entry).toMatchObject({ service: 'postfix/smtpd', pid: 1446, queueId: '4jXWJm1MmqzCv6v', clientIp: '172.17.0.1' });
    expect(iso(entry)).toBe('2026-11-22T14:13:44.000Z');
    expect(iso(parseMailLogLine(entry.line, { referenceTime: Date.UTC(2027, 0, 5) }))).toBe('2026-11-22T14:13:44.000Z');
    expect(iso(parseMailLogLine(entry.line, { ...context, utcOffsetMinutes: 60 }))).toBe('2026-11-22T13:13:44.000Z');
  });

  it('finds short and long queue IDs, also on opendkim lines, and never NOQUEUE', () => {
    expect(find(real, 'opendkim[351]: 372861822F2: no signature data').queueId).toBe('372861822F2');
    expect(find(real, '4jXWGX5fs8zCvC3: client=').queueId).toBe('4jXWGX5fs8zCvC3');
    expect(find(real, 'NOQUEUE: reject').queueId).toBeUndefined();
    expect(find(real, 'dovecot: master:').queueId).toBeUndefined();
  });

  it('reads every delivery status, force-expired as expired', () => {
    const statuses = new Set(real.map((e) => e.status));
    expect(statuses).toEqual(new Set([undefined, 'sent', 'deferred', 'bounced', 'expired']));
    expect(find(real, 'status=force-expired').status).toBe('expired');
    expect(find(real, '5628B18247B: to=<nobody@example.test>').status).toBe('bounced');
  });

  it('reads envelope addresses and the client of postfix and dovecot lines', () => {
    expect(find(real, 'NOQUEUE: reject: RCPT from unknown[172.17.0.1]: 554 5.7.1 <we ird@remote.test>')).toMatchObject({
      addresses: { from: '"odd sender"@sender.test', to: '"we ird"@remote.test' },
      clientIp: '172.17.0.1',
    });
    expect(find(real, 'to=<x2@remote.test> proto=ESMTP').addresses).toEqual({ from: '', to: 'x2@remote.test' });
    expect(find(real, 'imap-login: Logged in').addresses).toEqual({ user: 'user@example.test' });
    expect(find(real, 'imap-login: Logged in').clientIp).toBe('172.17.0.1');
    expect(find(real, 'connect from unknown[172.17.0.1]').clientIp).toBe('172.17.0.1');
    // The server connected to is not the client.
    expect(find(real, 'smtp[668]: connect to 127.0.0.1[127.0.0.1]:2525').clientIp).toBeUndefined();
  });

  it('takes levels from the message start only', () => {
    expect(find(real, 'warning: non-SMTP command').level).toBe('warning');
    expect(find(real, 'warning: Illegal address syntax').level).toBe('warning');
    expect(real.filter((e) => e.level !== 'info').map((e) => e.message.slice(0, 24))).toEqual([
      'warning: non-SMTP comman',
      'warning: Illegal address',
      'warning: 8bit csi  and r',
    ]);
  });

  it('shows the escaped and the raw hostile lines harmlessly', () => {
    expect(find(real, 'helo=<evil#033').message).toBe('helo=<evil#033]8;;http://x.test#007click#033]8;;#007>');
    expect(find(real, 'helo=<evil#033').pid).toBeUndefined();
    expect(real.at(-1)!.message).toBe('warning: 8bit csi  and raw \ufffd31m bad utf8 \ufffd\ufffd end');
  });
});

describe('parseMailLogLine on hand-made lines', () => {
  it('neutralises control sequences in a HELO name and still reads the line', () => {
    const entry = find(handmade, 'Relay access denied; from=<spam@evil.example>');
    expect(entry.message).toMatch(/helo=<clickexe\.txt>$/);
    expect(entry).toMatchObject({ addresses: { from: 'spam@evil.example', to: 'x@example.test' }, clientIp: '203.0.113.9', level: 'info' });
    const raw = '2026-11-22T14:00:00Z mail postfix/smtpd[1]: warning: \x1b]0;t\x07\x1b[2J\u009b1;1H\u202eevil';
    expect(parseMailLogLine(raw).message).toBe('warning: evil');
  });

  it('reads single-digit days, RFC 3339 zones and fractions, and puts December before a January reference', () => {
    expect(iso(find(handmade, 'Nov  2 03:04:05'))).toBe('2026-11-02T03:04:05.000Z');
    expect(iso(find(handmade, 'Dec 31 23:59:59'))).toBe('2025-12-31T23:59:59.000Z');
    expect(iso(find(handmade, '2026-11-22T14:02:05.000001+01:00'))).toBe('2026-11-22T13:02:05.000Z');
    expect(iso(find(handmade, '2026-11-22T14:02:05.2+01:00'))).toBe('2026-11-22T13:02:05.200Z');
    expect(iso(find(handmade, '2026-11-22T14:03:00.000000Z'))).toBe('2026-11-22T14:03:00.000Z');
  });

  it('derives levels from postfix and dovecot prefixes, not from remote replies', () => {
    const level = (fragment: string): string => find(handmade, fragment).level;
    expect(level('warning: hostname evil.example')).toBe('warning');
    expect(level('error: open database')).toBe('error');
    expect(level('fatal: bind')).toBe('error');
    expect(level('panic: myfree')).toBe('error');
    expect(level('8EF01234567: warning: header Subject')).toBe('warning');
    expect(level('Error: Mailbox INBOX')).toBe('error');
    expect(level('master: Warning: service(imap)')).toBe('warning');
    expect(level('Fatal: master: service(lmtp)')).toBe('error');
    expect(level('DEADBEEF99: to=<x@example.org>')).toBe('info');
  });

  it('reads IPv6 clients, postscreen, SASL clients, orig_to and expiry', () => {
    expect(find(handmade, '4ABCDEF0123: client=unknown[2001:db8::9]').clientIp).toBe('2001:db8::9');
    expect(find(handmade, 'rip=2001:db8::77').clientIp).toBe('2001:db8::77');
    expect(find(handmade, 'CONNECT from [198.51.100.7]').clientIp).toBe('198.51.100.7');
    expect(find(handmade, 'orig_to=<alias@example.test>').addresses).toEqual({ to: 'target@example.test', origTo: 'alias@example.test' });
    expect(find(handmade, 'status=expired, returned to sender')).toMatchObject({ queueId: '7DEF0123456', status: 'expired', addresses: { from: 'old@example.test' } });
    expect(find(handmade, 'status=bounced').message.length).toBeGreaterThan(2500);
  });

  it('keeps a line without timestamp as its message, and strips a CR', () => {
    const garbage = find(handmade, 'garbage without a timestamp');
    expect(garbage).toMatchObject({ time: undefined, host: '', service: '', pid: undefined, queueId: undefined });
    expect(garbage.message).toBe('garbage without a timestamp red and a bell?');
    expect(find(handmade, '9F0123456AB: client=localhost').message).toBe('9F0123456AB: client=localhost[127.0.0.1]');
    expect(find(handmade, 'rsyslogd:')).toMatchObject({ service: 'rsyslogd', pid: undefined });
  });
});

describe('parseMailLogLine on fail2ban.log', () => {
  it('reads the real log: logger, pid, level, jail and address', () => {
    expect(fail2ban).toHaveLength(40);
    for (const entry of fail2ban) expect(entry.service, entry.line).toMatch(/^fail2ban\.[a-z]+$/);
    expect(find(fail2ban, 'Ban 203.0.113.7')).toMatchObject({
      time: Date.UTC(2026, 10, 22, 14, 11, 55, 37),
      service: 'fail2ban.actions',
      pid: 400,
      level: 'info',
      jail: 'dovecot',
      clientIp: '203.0.113.7',
      message: '[dovecot] Ban 203.0.113.7',
    });
    expect(find(fail2ban, 'Unban 203.0.113.7').clientIp).toBe('203.0.113.7');
    expect(find(fail2ban, '[postfix] Found 172.17.0.1')).toMatchObject({ jail: 'postfix', clientIp: '172.17.0.1' });
    expect(find(fail2ban, 'New database created').level).toBe('warning');
  });

  it('reads network bans, IPv6 unbans and error levels', () => {
    expect(find(handmade, 'Ban 198.51.100.0/24')).toMatchObject({ jail: 'custom', clientIp: '198.51.100.0/24', level: 'info' });
    expect(find(handmade, 'already banned')).toMatchObject({ jail: 'dovecot', clientIp: '203.0.113.9', level: 'warning' });
    expect(find(handmade, 'Unban 2001:db8::9').clientIp).toBe('2001:db8::9');
    expect(find(handmade, 'Unable to open')).toMatchObject({ service: 'fail2ban.filter', level: 'error', jail: undefined });
  });
});

describe('levelFromWord', () => {
  it('maps the level names of fail2ban, supervisord and DMS', () => {
    expect(['CRITICAL', 'CRIT', 'ERROR', 'ERRO', 'Fatal', 'panic'].map(levelFromWord)).toEqual(Array(6).fill('error'));
    expect(['WARNING', 'WARN', 'Warning'].map(levelFromWord)).toEqual(Array(3).fill('warning'));
    expect(['NOTICE', 'INFO', 'whatever'].map(levelFromWord)).toEqual(Array(3).fill('info'));
    expect(['DEBUG', 'DEBG', 'TRACE', 'TRAC', 'BLAT'].map(levelFromWord)).toEqual(Array(5).fill('debug'));
  });
});

describe('parseMailLog', () => {
  it('parses a text with CRLF and blank lines', () => {
    const entries = parseMailLog('Nov 22 14:00:00 mail postfix/qmgr[1]: ABCDEF1234: removed\r\n\r\ngarbage\n', context);
    expect(entries.map((e) => [e.queueId, e.message])).toEqual([['ABCDEF1234', 'ABCDEF1234: removed'], [undefined, 'garbage']]);
  });
});

describe('traceQueueId', () => {
  it('returns a real message’s life in log order, with the bounce it caused', () => {
    expect(traceQueueId(real, '5318C18230A').map((e) => `${e.service} ${e.message.slice(13, 60)}`)).toEqual([
      'postfix/smtpd client=unknown[172.17.0.1]',
      'postfix/cleanup message-id=<179535666433.23467.9022894857242310',
      "opendkim no signing table match for 'carol@example.test'",
      'opendkim no signature data',
      'postfix/qmgr from=<carol@example.test>, size=489, nrcpt=2 (q',
      'postfix/smtp to=<z@other-remote.test>, relay=none, delay=0.0',
      'postfix/lmtp to=<user@example.test>, relay=mail.example.test',
      'postfix/postsuper expired',
      'postfix/qmgr from=<carol@example.test>, size=489, nrcpt=2 (q',
      'postfix/qmgr from=<carol@example.test>, status=force-expired',
      'postfix/bounce sender non-delivery notification: 4jXWGg2K8WzCv',
      'postfix/qmgr removed',
    ]);
  });

  it('includes the line that created a bounce in the bounce’s trace', () => {
    expect(traceQueueId(real, '4jXWGg2K8WzCv8T').map((e) => e.service)).toEqual([
      'postfix/cleanup', 'postfix/bounce', 'postfix/qmgr', 'postfix/lmtp', 'postfix/qmgr',
    ]);
  });

  it('matches whole IDs only and refuses what is not a queue ID', () => {
    expect(traceQueueId(real, '5318C1823')).toEqual([]);
    expect(traceQueueId(real, '.*')).toEqual([]);
    expect(traceQueueId(handmade, '4ABCDEF0123')).toHaveLength(9);
  });
});

describe('parseContainerLine', () => {
  it('reads the real container output: DMS start lines and the mail log copied there', () => {
    const entries = fixtureLines('container-output.txt').map((line) => parseContainerLine(line, context));
    expect(entries).toHaveLength(203);
    for (const entry of entries) expect(entry.time, entry.line).toBeTypeOf('number');
    expect(entries[0]).toEqual({
      line: '2026-11-22 14:10:41+00:00 INFO  start-mailserver.sh: Welcome to docker-mailserver (mailwiz testbed)',
      time: Date.UTC(2026, 10, 22, 14, 10, 41),
      level: 'info',
      source: 'start-mailserver.sh',
      message: 'Welcome to docker-mailserver (mailwiz testbed)',
    });
    expect(entries.find((e) => e.message.includes('is up and running'))).toMatchObject({ source: 'start-mailserver.sh', level: 'info' });
    expect(entries.find((e) => e.message.startsWith('!! INSECURE !!'))?.level).toBe('warning');
    expect(entries.find((e) => e.message.startsWith('Domain has been set'))?.level).toBe('debug');
    expect(entries.find((e) => e.source === 'postfix/master')?.message).toBe('daemon started -- version 3.10.13, configuration /etc/postfix');
  });

  it('reads coloured DMS lines, supervisord lines and unknown lines', () => {
    const entries = fixtureLines('container-output-handmade.txt').map((line) => parseContainerLine(line, context));
    expect(entries.map((e) => [e.level, e.source, e.message.slice(0, 20)])).toEqual([
      ['info', 'start-mailserver.sh', 'Welcome to docker-ma'],
      ['warning', 'start-mailserver.sh', 'You need at least on'],
      ['error', 'start-mailserver.sh', 'Shutting down'],
      ['debug', 'check-for-changes.sh', 'Change detected'],
      ['info', 'supervisord', "spawned: 'postfix' w"],
      ['info', 'supervisord', 'success: postfix ent'],
      ['warning', 'supervisord', 'exited: fail2ban (ex'],
      ['error', 'supervisord', 'Supervisor is runnin'],
      ['info', 'postfix/master', 'daemon started -- ve'],
      ['info', '', 'some tool printed th'],
    ]);
    expect(entries[4]!.time).toBe(Date.UTC(2026, 10, 22, 14, 8, 23, 456));
    expect(entries[0]!.line).toBe('2026-11-22 14:08:21+00:00    INFO  start-mailserver.sh: Welcome to docker-mailserver v15.1.0');
    expect(entries[9]).toMatchObject({ time: undefined, message: 'some tool printed this  line' });
  });
});

describe('a large log', () => {
  it('parses 100,000 lines', () => {
    const sample = fixtureLines('mail.log');
    const lines = Array.from({ length: 100_000 }, (_, i) => sample[i % sample.length]!);
    const entries = lines.map((line) => parseMailLogLine(line, context));
    expect(entries).toHaveLength(100_000);
    expect(entries.every((e) => e.service !== '')).toBe(true);
  });
});

describe('busybox syslogd output (the mlan images; captured from our postfix-amavis stand-in)', () => {
  const standIn = parseFixture('postfix-amavis-output.txt');

  it('reads host, service, pid and queue ID past the facility.priority word', () => {
    expect(find(standIn, 'postfix/pickup[204]')).toMatchObject({ host: 'mx', service: 'postfix/pickup', pid: 204, queueId: 'BA3B21B4027', level: 'info' });
    expect(parseMailLogLine('Dec  4 18:35:44 mx mail.err postfix/master[1]: daemon started', context)).toMatchObject({ service: 'postfix/master', level: 'error' });
    expect(parseMailLogLine('Dec  4 18:35:44 mx mail.notice amavis[72]: (00072-01) Passed CLEAN', context)).toMatchObject({ service: 'amavis', level: 'info' });
  });

  it('follows a message through Amavis: both queue IDs, before and after the content filter, in one trace', () => {
    const before = traceQueueId(standIn, 'BA3B21B4027').map((e) => e.line);
    expect(before.some((l) => l.includes('postfix/pickup[204]: BA3B21B4027'))).toBe(true);
    expect(before.some((l) => l.includes('amavis[72]') && l.includes('queued_as: DAD131B40EA'))).toBe(true);
    expect(before.some((l) => l.includes('DAD131B40EA: to=<jane@example.com>') && l.includes('status=deferred'))).toBe(true);
    expect(traceQueueId(standIn, 'DAD131B40EA').map((e) => e.line)).toEqual(before);
  });
});
