/** Parses `supervisorctl status`: one program a line, e.g. `postfix   RUNNING   pid 123, uptime 0:10:02`. */
export interface ProgramStatus {
  name: string;
  state: string;
  /** What supervisord says after the state: pid and uptime, or why it stopped. */
  detail: string;
  /**
   * Never started: DMS keeps a program for every service it ships (`autostart=false`) and starts only the ones its
   * settings enable, so a disabled service (ENABLE_AMAVIS=0 …) is `STOPPED Not started`. Off, not failed.
   */
  off: boolean;
}

const STATE = /^(\S+)\s+(RUNNING|STOPPED|STARTING|BACKOFF|STOPPING|EXITED|FATAL|UNKNOWN)\s*(.*)$/;

export function parseSupervisorStatus(text: string): ProgramStatus[] {
  const programs: ProgramStatus[] = [];
  for (const line of text.split('\n')) {
    const match = STATE.exec(line.trim());
    if (!match) continue;
    const [, name = '', state = '', detail = ''] = match;
    programs.push({ name, state, detail: detail.trim(), off: state === 'STOPPED' && detail.trim() === 'Not started' });
  }
  return programs;
}
