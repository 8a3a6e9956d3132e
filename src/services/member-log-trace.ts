import { traceQueueId } from '../dms/mail-log.js';
import { memberFileEntry, TRACE_MAX_BYTES, type LogEntry, type MemberLogFile } from './log-follow.js';

const MAX_ROUNDS = 3;
const SAFE_ID = /^[0-9A-Za-z-]{5,32}$/;

/**
 * One message's life from log files inside several members (docker-dovecot's Exims), hand-offs included: each round
 * searches every file for the IDs known so far (one grep per member), and a round that finds the ID the next Exim gave
 * the message searches again for it.
 */
export async function traceInMemberFiles(files: readonly MemberLogFile[], queueId: string): Promise<LogEntry[]> {
  if (!SAFE_ID.test(queueId)) return [];
  const byMember = new Map<string, MemberLogFile[]>();
  for (const file of files) byMember.set(file.label, [...(byMember.get(file.label) ?? []), file]);
  let ids = new Set([queueId]);
  let traced: LogEntry[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const found = (await Promise.all([...byMember.values()].map((group) => grepGroup(group, ids)))).flat();
    traced = traceQueueId(found, queueId) as LogEntry[];
    const next = new Set([queueId, ...traced.flatMap((e) => (e.queueId === undefined ? [] : [e.queueId]))]);
    if ([...next].every((id) => ids.has(id))) break;
    ids = next;
  }
  return traced;
}

async function grepGroup(group: readonly MemberLogFile[], ids: ReadonlySet<string>): Promise<LogEntry[]> {
  const [first] = group;
  if (!first) return [];
  const patterns = [...ids].filter((id) => SAFE_ID.test(id)).flatMap((id) => ['-e', id]);
  const result = await first.target.exec(['grep', '-s', '-H', '-F', ...patterns, '--', ...group.map((f) => f.path)], { maxOutputBytes: TRACE_MAX_BYTES });
  const context = { referenceTime: Date.now() };
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => {
      const file = group.find((f) => line.startsWith(`${f.path}:`));
      if (!file) return [];
      const entry = memberFileEntry(file, line.slice(file.path.length + 1), context);
      entry.sortTime = entry.time ?? 0;
      return [entry];
    });
}
