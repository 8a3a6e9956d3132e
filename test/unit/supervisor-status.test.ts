import { describe, expect, it } from 'vitest';
import { parseSupervisorStatus } from '../../src/dms/supervisor-status.js';

// Captured from the testbed (`supervisorctl status`), plus the states a broken server shows.
const SAMPLE = `changedetector                   RUNNING   pid 372, uptime 0:19:32
dovecot                          RUNNING   pid 305, uptime 0:19:33
fail2ban                         STOPPED   Not started
amavis                           STOPPED   Dec 04 05:32 PM
opendkim                         FATAL     Exited too quickly (process log may have details)
postfix                          BACKOFF   Exited too quickly (process log may have details)
unix:///var/run/supervisor.sock refused connection
`;

describe('parseSupervisorStatus', () => {
  it('reads every program with its state and details, skipping other lines', () => {
    expect(parseSupervisorStatus(SAMPLE)).toEqual([
      { name: 'changedetector', state: 'RUNNING', detail: 'pid 372, uptime 0:19:32', off: false },
      { name: 'dovecot', state: 'RUNNING', detail: 'pid 305, uptime 0:19:33', off: false },
      // Never started: DMS did not enable it. Stopped after it ran: a failure.
      { name: 'fail2ban', state: 'STOPPED', detail: 'Not started', off: true },
      { name: 'amavis', state: 'STOPPED', detail: 'Dec 04 05:32 PM', off: false },
      { name: 'opendkim', state: 'FATAL', detail: 'Exited too quickly (process log may have details)', off: false },
      { name: 'postfix', state: 'BACKOFF', detail: 'Exited too quickly (process log may have details)', off: false },
    ]);
  });
});
