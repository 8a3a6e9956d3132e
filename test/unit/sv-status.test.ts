import { describe, expect, it } from 'vitest';
import { parseSvStatus } from '../../src/formats/runit/sv-status.js';

// runit's sv(8) status lines, as `sv status /etc/service/*` prints them in the mlan images.
const SAMPLE = `run: /etc/service/postfix: (pid 123) 4567s; run: log: (pid 122) 4567s
run: /etc/service/amavis: (pid 130) 4560s
down: /etc/service/spamd-ham: 4567s
down: /etc/service/syslogd: 12s, normally up, want up
finish: /etc/service/milter: (pid 140) 1s
fail: /etc/service/kopano-server: runsv not running
warning: /etc/service/kopano-ical: unable to open supervise/ok: file does not exist
sv: something that is not a status line
`;

describe('parseSvStatus', () => {
  it('reads each service in supervisord terms: running, failed, off (normally down)', () => {
    expect(parseSvStatus(SAMPLE)).toEqual([
      { name: 'postfix', state: 'RUNNING', detail: '(pid 123) 4567s', off: false },
      { name: 'amavis', state: 'RUNNING', detail: '(pid 130) 4560s', off: false },
      { name: 'spamd-ham', state: 'STOPPED', detail: '4567s', off: true },
      { name: 'syslogd', state: 'STOPPED', detail: '12s, normally up, want up', off: false },
      { name: 'milter', state: 'EXITED', detail: '(pid 140) 1s', off: false },
      { name: 'kopano-server', state: 'FATAL', detail: 'runsv not running', off: false },
      { name: 'kopano-ical', state: 'FATAL', detail: 'unable to open supervise/ok: file does not exist', off: false },
    ]);
  });
});
