/** Parses `supervisorctl status`: one program a line, e.g. `postfix   RUNNING   pid 123, uptime 0:10:02`. */
export interface ProgramStatus {
  name: string;
  state: string;
  /** What supervisord says after the state: pid and uptime, or why it stopped. */
  detail: string;
}

const STATE = /^(\S+)\s+(RUNNING|STOPPED|STARTING|BACKOFF|STOPPING|EXITED|FATAL|UNKNOWN)\s*(.*)$/;

export function parseSupervisorStatus(text: string): ProgramStatus[] {
  const programs: ProgramStatus[] = [];
  for (const line of text.split('\n')) {
    const match = STATE.exec(line.trim());
    if (match) programs.push({ name: match[1] ?? '', state: match[2] ?? '', detail: (match[3] ?? '').trim() });
  }
  return programs;
}
