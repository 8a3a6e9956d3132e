import { EXIM_LOG_DIR, LOG_ROTATION_SCRIPT, parseLogFolder, unrotatedLog, type UnrotatedLog } from '../formats/exim/log-rotation.js';
import { memberLabel, type Stack } from '../stacks/stack.js';

export interface MemberUnrotatedLog extends UnrotatedLog {
  /** As the Logs screen names it (memberLabel). */
  member: string;
}

/** A log this size that nothing rotates is a warning; smaller, it is advice (it will get there). */
export const UNROTATED_WARN_BYTES = 100 * 1024 * 1024;

/** The Exims of a docker-dovecot stack whose logs nothing rotates, each with its largest log; one exec per Exim. */
export async function unrotatedEximLogs(stack: Stack): Promise<MemberUnrotatedLog[]> {
  const exims = stack.members.filter((m) => m.role === 'mta' && m.info.state === 'running');
  const found = await Promise.all(
    exims.map(async (m) => {
      const result = await m.target.exec(['sh', '-c', LOG_ROTATION_SCRIPT, 'mailwiz-log-rotation', EXIM_LOG_DIR]).catch(() => undefined);
      const log = result?.exitCode === 0 ? unrotatedLog(parseLogFolder(result.stdout)) : undefined;
      return log ? { member: memberLabel(stack, m), ...log } : undefined;
    }),
  );
  return found.filter((f): f is MemberUnrotatedLog => f !== undefined);
}
