import type { LogLevel } from '../../src/dms/mail-log.js';
import { LOG_SOURCES, type LogEntry, type LogSource } from '../../src/services/log-follow.js';
import { queryTerms } from '../../src/ui/query-tokens.js';

/** What `/` understands on the Logs screen; shown in the help. */
export const LOG_QUERY_HELP =
  '/ filter: words (all must match), /regex/ or re:REGEX, service:postfix/smtpd level:warn addr:bob@ ip:203.0.113.5 id:3F2A1B src:fail2ban';

export const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error'];

export interface LogQuery {
  words: string[];
  regex: RegExp | undefined;
  services: string[];
  minLevel: LogLevel | undefined;
  addresses: string[];
  ips: string[];
  ids: string[];
  sources: LogSource[];
  /** Terms not understood (an invalid regex is searched for as text). */
  problems: string[];
  /** Whether the query asks anything at all. */
  empty: boolean;
}

const KEYS = ['service', 'svc', 'level', 'addr', 'address', 'from', 'to', 'ip', 'id', 'src', 'source', 're'] as const;

function levelNamed(value: string): LogLevel | undefined {
  const lower = value.toLowerCase();
  return lower === '' ? undefined : LEVELS.find((l) => l.startsWith(lower) || (lower === 'err' && l === 'error'));
}

function compile(pattern: string, problems: string[]): RegExp | undefined {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    problems.push(`invalid regex /${pattern}/ (searched as text)`);
    return undefined;
  }
}

/** Parses the `/` text of the Logs screen. */
export function parseLogQuery(text: string): LogQuery {
  const query: LogQuery = { words: [], regex: undefined, services: [], minLevel: undefined, addresses: [], ips: [], ids: [], sources: [], problems: [], empty: true };
  for (const term of queryTerms(text, KEYS)) {
    const value = term.value;
    const slashed = term.key === undefined && value.length > 2 && value.startsWith('/') && value.endsWith('/');
    if (term.key === 're' || slashed) {
      const pattern = slashed ? value.slice(1, -1) : value;
      query.regex = compile(pattern, query.problems);
      if (!query.regex) query.words.push(pattern.toLowerCase());
      continue;
    }
    switch (term.key) {
      case undefined: query.words.push(value.toLowerCase()); break;
      case 'service': case 'svc': query.services.push(value.toLowerCase()); break;
      case 'addr': case 'address': case 'from': case 'to': query.addresses.push(value.toLowerCase()); break;
      case 'ip': query.ips.push(value); break;
      // Case-blind: Postfix's short IDs are upper-case hex, its long IDs and Exim's mix both cases.
      case 'id': query.ids.push(value.toLowerCase()); break;
      case 'level': {
        const level = levelNamed(value);
        if (level) query.minLevel = level;
        else query.problems.push(`level:${value} (levels: ${LEVELS.join(', ')})`);
        break;
      }
      case 'src': case 'source': {
        const source = LOG_SOURCES.find((s) => s.startsWith(value.toLowerCase()));
        if (source) query.sources.push(source);
        else query.problems.push(`src:${value} (sources: ${LOG_SOURCES.join(', ')})`);
        break;
      }
      default: break;
    }
  }
  query.empty = !query.regex && [query.words, query.services, query.addresses, query.ips, query.ids, query.sources].every((l) => l.length === 0) && !query.minLevel;
  return query;
}

function atLeast(level: LogLevel, min: LogLevel | undefined): boolean {
  return min === undefined || LEVELS.indexOf(level) >= LEVELS.indexOf(min);
}

function addressesOf(e: LogEntry): string[] {
  const { from, to, origTo, user } = e.addresses;
  return [from, to, origTo, user].filter((a): a is string => a !== undefined).map((a) => a.toLowerCase());
}

/** Does an entry match the query, and the level chosen with `l`? Notices about the stream always do. */
export function logMatcher(query: LogQuery, minLevel?: LogLevel): (entry: LogEntry) => boolean {
  const level = minLevel !== undefined && (query.minLevel === undefined || LEVELS.indexOf(minLevel) > LEVELS.indexOf(query.minLevel)) ? minLevel : query.minLevel;
  if (query.empty && level === undefined) return () => true;
  // Compiled once per filter: the view runs the matcher over every kept line (up to 20,000).
  const idPatterns = query.ids.map((id) => new RegExp(id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  return (e) => {
    if (e.notice) return true;
    if (!atLeast(e.level, level)) return false;
    if (query.sources.length && !query.sources.includes(e.source)) return false;
    if (query.services.length && !query.services.some((s) => e.service.toLowerCase().includes(s))) return false;
    if (idPatterns.length && !query.ids.some((id, i) => e.queueId?.toLowerCase() === id || idPatterns[i]!.test(e.message))) return false;
    if (query.ips.length && !query.ips.some((ip) => e.clientIp === ip || (e.clientIp?.startsWith(ip) ?? false))) return false;
    if (query.addresses.length) {
      const addresses = addressesOf(e);
      if (!query.addresses.some((a) => addresses.some((x) => x.includes(a)))) return false;
    }
    const line = query.words.length ? e.line.toLowerCase() : '';
    if (!query.words.every((w) => line.includes(w))) return false;
    return !query.regex || query.regex.test(e.line);
  };
}

/** Whether the query searches text, so that lines can show where it matched. */
export function highlights(query: LogQuery): boolean {
  return query.words.length > 0 || query.regex !== undefined;
}

/** Where the query's words and regex match in a text: sorted, merged [start, end) ranges. */
export function highlightRanges(text: string, query: LogQuery): [number, number][] {
  const ranges: [number, number][] = [];
  const lower = query.words.length ? text.toLowerCase() : '';
  for (const word of query.words) {
    if (word === '') continue;
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) ranges.push([at, at + word.length]);
  }
  if (query.regex) {
    const global = new RegExp(query.regex.source, 'gi');
    for (const match of text.matchAll(global)) {
      if (match[0].length > 0) ranges.push([match.index, match.index + match[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
