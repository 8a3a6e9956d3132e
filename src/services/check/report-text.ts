import { Chalk, type ForegroundColorName } from 'chalk';
import { sanitizeForTerminal } from '../../dms/terminal-text.js';
import type { CheckStatus } from '../dns/check-result.js';
import type { FullReport } from './run-all.js';

/**
 * `mailwiz check` as text: a heading per group, one line per check with its mark, the detail of what is not passing
 * indented below, and a total. Everything the server or the DNS sent is stripped of control characters.
 */

export interface TextStyle {
  /** ASCII marks (for NO_COLOR, TERM=linux/vt100 consoles without the glyphs). */
  ascii: boolean;
  color: boolean;
}

const MARKS: Readonly<Record<CheckStatus, { glyph: string; ascii: string; color: ForegroundColorName }>> = {
  pass: { glyph: '✓', ascii: 'ok', color: 'green' },
  advice: { glyph: 'i', ascii: 'i ', color: 'cyan' },
  warn: { glyph: '!', ascii: '!!', color: 'yellow' },
  fail: { glyph: '✗', ascii: 'XX', color: 'red' },
  unknown: { glyph: '?', ascii: '??', color: 'magenta' },
};

const LEVELS: readonly [CheckStatus, string][] = [
  ['fail', 'Failures: mail is lost, rejected or spoofable'],
  ['warn', 'Warnings: likely problems soon'],
  ['unknown', 'Unknown: nobody could answer'],
  ['advice', 'Advice: optional, good practice'],
];

/** NO_COLOR, or a console that has no such glyphs, gets plain ASCII without colour. */
export function textStyle(env: NodeJS.ProcessEnv, isTty: boolean): TextStyle {
  const plain = env.NO_COLOR !== undefined || ['linux', 'vt100', 'dumb'].includes(env.TERM ?? '');
  return { ascii: plain, color: isTty && !plain && env.FORCE_COLOR !== '0' };
}

export function formatReport(report: FullReport, style: TextStyle): string {
  // The style decides, not chalk's own look at the terminal: the caller knows about NO_COLOR and pipes.
  const paint = new Chalk({ level: style.color ? 1 : 0 });
  const mark = (status: CheckStatus): string => {
    const m = MARKS[status];
    return paint[m.color](style.ascii ? m.ascii : m.glyph);
  };
  const clean = (text: string): string => sanitizeForTerminal(text);
  const lines = [
    `mailwiz check of ${clean(report.fqdn)} (DNS answers from ${clean(report.resolver)})`,
    `block lists asked: ${report.dnsbls.length ? report.dnsbls.map(clean).join(', ') : 'none'}`,
    ...(report.dnsOnly ? ['DNS only: TLS on the mail ports, DANE and renewal were not checked (--dns-only)'] : []),
  ];
  for (const group of report.groups) {
    lines.push('', paint.bold(clean(group.title)));
    for (const result of group.results) {
      lines.push(`  ${mark(result.status)} ${clean(result.summary)}`);
      if (result.status !== 'pass' && result.detail) lines.push(...result.detail.split('\n').map((line) => `      ${clean(line)}`));
      if (result.fix) lines.push('      fix:', ...result.fix.split('\n').map((line) => `        ${clean(line)}`));
    }
  }
  // Then what is not passing once more, by level: what to fix first, what to watch, what would be better.
  for (const [status, heading] of LEVELS) {
    const found = report.groups.flatMap((g) => g.results.filter((r) => r.status === status).map((r) => `  ${mark(status)} ${clean(r.summary)}  (${clean(g.title)})`));
    if (found.length > 0) lines.push('', paint.bold(`${heading} (${found.length})`), ...found);
  }
  const results = report.groups.flatMap((g) => g.results);
  const count = (status: CheckStatus): number => results.filter((r) => r.status === status).length;
  lines.push(
    '',
    `${count('pass')} passed, ${count('advice')} advice, ${count('warn')} warnings, ${count('fail')} failed, ${count('unknown')} unknown (exit ${report.exitStatus})`,
  );
  return `${lines.join('\n')}\n`;
}
