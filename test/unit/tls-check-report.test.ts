import { describe, expect, it } from 'vitest';
import { parseCheckArgs } from '../../src/cli/commands/check.js';
import { CHECK_USAGE } from '../../src/cli/commands/check-usage.js';
import { UsageError } from '../../src/cli/global-options.js';
import { tlsEndpoints } from '../../src/services/check/endpoints.js';
import { formatReport, textStyle } from '../../src/services/check/report-text.js';
import type { FullReport } from '../../src/services/check/run-all.js';
import type { PortBinding } from '../../src/target/index.js';

/** Where `mailwiz check` probes TLS, how it reads its arguments and how it prints a report. */

const FQDN = 'mail.example.test';
const bind = (containerPort: number, hostIp: string, hostPort: number): PortBinding => ({
  containerPort,
  protocol: 'tcp',
  hostIp,
  hostPort,
});

describe('tlsEndpoints', () => {
  it('probes ports published on loopback there, others at the public address, 143, 995 and 110 only when published', () => {
    const ports = [
      bind(25, '0.0.0.0', 25),
      bind(465, '127.0.0.1', 32001),
      bind(465, '::', 32001),
      bind(587, '127.0.0.1', 32002),
      bind(110, '127.0.0.1', 32003),
      bind(4190, '127.0.0.1', 32004),
    ];
    expect(tlsEndpoints(ports, FQDN, '192.0.2.10')).toEqual([
      { host: '192.0.2.10', port: 25, mode: 'smtp-starttls', servername: FQDN, servicePort: 25 },
      { host: '127.0.0.1', port: 32001, mode: 'implicit', servername: FQDN, servicePort: 465 },
      { host: '127.0.0.1', port: 32002, mode: 'smtp-starttls', servername: FQDN, servicePort: 587 },
      { host: '127.0.0.1', port: 32003, mode: 'pop3-starttls', servername: FQDN, servicePort: 110 },
    ]);
    expect(tlsEndpoints([bind(995, '0.0.0.0', 995), bind(143, '127.0.0.1', 32005)], FQDN, '192.0.2.10')).toEqual([
      { host: '192.0.2.10', port: 995, mode: 'implicit', servername: FQDN, servicePort: 995 },
      { host: '127.0.0.1', port: 32005, mode: 'imap-starttls', servername: FQDN, servicePort: 143 },
    ]);
  });

  it('probes the standard ports at the public address when nothing is published (host network, inside the container)', () => {
    expect(tlsEndpoints([], FQDN).map((e) => `${e.host}:${e.port} ${e.mode}`)).toEqual([
      `${FQDN}:25 smtp-starttls`,
      `${FQDN}:465 implicit`,
      `${FQDN}:587 smtp-starttls`,
      `${FQDN}:993 implicit`,
    ]);
  });
});

describe('parseCheckArgs', () => {
  it('reads every option, repeatable ones included', () => {
    expect(
      parseCheckArgs([
        '--resolver',
        '127.0.0.1:5353',
        '--domain',
        'a.test',
        '--domain',
        'b.test',
        '--no-dnsbl',
        '--timeout',
        '2.5',
        '--ca',
        'x.pem',
        '--ip',
        '192.0.2.1',
        '--json',
      ]),
    ).toEqual({
      json: true,
      resolver: '127.0.0.1:5353',
      domains: ['a.test', 'b.test'],
      dnsbls: [],
      strict: false,
      dnsOnly: false,
      given: { domains: ['a.test', 'b.test'] },
      timeoutMs: 2500,
      caFiles: ['x.pem'],
      ips: ['192.0.2.1'],
    });
    const defaults = parseCheckArgs([], true);
    expect(defaults).toMatchObject({ json: true, strict: false, timeoutMs: 5000, domains: [] });
    expect(defaults.dnsbls).toBeUndefined();
    expect(parseCheckArgs(['--dnsbl', 'bl.example.net', '--dnsbl', 'Other.Example.'], false)).toMatchObject({ dnsbls: ['bl.example.net', 'other.example'] });
    expect(parseCheckArgs(['--dnsbl', 'none', '--strict'])).toMatchObject({ dnsbls: [], strict: true });
    expect(() => parseCheckArgs(['--dnsbl', 'none', '--dnsbl', 'bl.example.net'])).toThrow('--dnsbl none cannot go with other lists');
    expect(() => parseCheckArgs(['--dnsbl', 'not a zone'])).toThrow('--dnsbl');
  });

  it('refuses what it cannot use, with the usage', () => {
    expect(() => parseCheckArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseCheckArgs(['--bogus'])).toThrow(CHECK_USAGE);
    expect(() => parseCheckArgs(['--domain', 'not a domain'])).toThrow('--domain');
    expect(() => parseCheckArgs(['--ip', 'mail.example.test'])).toThrow("--ip 'mail.example.test' is not an IP address");
    expect(() => parseCheckArgs(['--timeout', '0'])).toThrow('--timeout');
    expect(() => parseCheckArgs(['--resolver', 'dns.example'])).toThrow(UsageError);
  });
});

describe('formatReport', () => {
  const report: FullReport = {
    fqdn: FQDN,
    resolver: '127.0.0.1:5353',
    exitStatus: 2,
    dnsbls: ['bl.example.net'],
    dnsOnly: false,
    groups: [
      {
        kind: 'domain',
        title: 'domain example.test',
        results: [
          { id: 'mx.present', status: 'pass', summary: 'example.test has MX 10 mail.example.test', detail: 'not shown', resolver: 'r' },
          {
            id: 'tls-rpt.record',
            status: 'advice',
            summary: 'the TLS-RPT record is missing',
            detail: 'publish it\nsecond line',
            resolver: 'r',
          },
        ],
      },
      {
        kind: 'tls',
        title: 'TLS port 25 (SMTP STARTTLS) at 127.0.0.1:25',
        results: [
          {
            id: 'tls.connect',
            status: 'fail',
            summary: 'STARTTLS failed',
            detail: 'the server greeted with "220 \x1b]0;pwned\x07evil\x1b[2J"',
            resolver: 'r',
          },
          { id: 'dkim.record', status: 'unknown', summary: 'could not look up', resolver: 'r' },
        ],
      },
    ],
  };

  it('prints a mark per check, the detail of what does not pass, then the findings by level, totals, and no control characters from the server', () => {
    expect(formatReport(report, { ascii: false, color: false })).toBe(
      [
        `mailwiz check of ${FQDN} (DNS answers from 127.0.0.1:5353)`,
        'block lists asked: bl.example.net',
        '',
        'domain example.test',
        '  ✓ example.test has MX 10 mail.example.test',
        '  i the TLS-RPT record is missing',
        '      publish it',
        '      second line',
        '',
        'TLS port 25 (SMTP STARTTLS) at 127.0.0.1:25',
        '  ✗ STARTTLS failed',
        '      the server greeted with "220 evil"',
        '  ? could not look up',
        '',
        'Failures: mail is lost, rejected or spoofable (1)',
        '  ✗ STARTTLS failed  (TLS port 25 (SMTP STARTTLS) at 127.0.0.1:25)',
        '',
        'Unknown: nobody could answer (1)',
        '  ? could not look up  (TLS port 25 (SMTP STARTTLS) at 127.0.0.1:25)',
        '',
        'Advice: optional, good practice (1)',
        '  i the TLS-RPT record is missing  (domain example.test)',
        '',
        '1 passed, 1 advice, 0 warnings, 1 failed, 1 unknown (exit 2)',
        '',
      ].join('\n'),
    );
  });

  it('uses ASCII marks for NO_COLOR and plain consoles, colour only on a terminal', () => {
    const ascii = formatReport(report, textStyle({ TERM: 'vt100' }, true));
    expect(ascii).toContain('  ok example.test has MX');
    expect(ascii).toContain('  XX STARTTLS failed');
    expect(ascii).not.toContain('\x1b');
    expect(textStyle({ NO_COLOR: '' }, true)).toEqual({ ascii: true, color: false });
    expect(textStyle({ TERM: 'xterm-256color' }, true)).toEqual({ ascii: false, color: true });
    expect(textStyle({ TERM: 'xterm-256color' }, false)).toEqual({ ascii: false, color: false });
    expect(formatReport(report, { ascii: false, color: true })).toContain('\x1b[32m✓\x1b[39m');
  });
});
