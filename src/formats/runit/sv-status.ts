import type { ProgramStatus } from '../../dms/supervisor-status.js';

/**
 * runit's `sv status DIR…` (the mlan images supervise their daemons with runit under /etc/service), one service a
 * line, its log service after a `;`:
 *
 *   run: /etc/service/postfix: (pid 123) 4567s; run: log: (pid 122) 4567s
 *   down: /etc/service/amavis: 12s, normally up
 *   down: /etc/service/spamd-ham: 4567s
 *   fail: /etc/service/kopano-server: runsv not running
 *
 * Read in supervisord's words so one Health view serves both: run → RUNNING; down while normally up → STOPPED (a
 * failure); down and normally down → off; finish → EXITED; fail/warning → FATAL.
 */
const LINE = /^(run|down|finish|fail|warning): ([^:]+): ?(.*)$/;

export function parseSvStatus(text: string): ProgramStatus[] {
  const programs: ProgramStatus[] = [];
  for (const raw of text.split('\n')) {
    const match = LINE.exec(raw.trim());
    if (!match) continue;
    const [, word = '', path = '', rest = ''] = match;
    const main = (rest.split(';')[0] ?? '').trim();
    const name = path.split('/').filter(Boolean).at(-1) ?? path;
    const normallyUp = /normally up/.test(main);
    const state =
      word === 'run' ? 'RUNNING' : word === 'down' ? 'STOPPED' : word === 'finish' ? 'EXITED' : 'FATAL';
    programs.push({ name, state, detail: main, off: word === 'down' && !normallyUp });
  }
  return programs;
}
