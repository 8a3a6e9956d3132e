import { describe, expect, it } from 'vitest';
import { describeExim, eximArgv, findEximCommand } from '../../src/formats/exim/exim-command.js';

describe('findEximCommand', () => {
  it("takes the running daemon's binary and -C file (docker-dovecot's own build)", () => {
    const found = findEximCommand({
      processes: ['/sbin/tini -- /entrypoint.sh', '/usr/exim/bin/exim -C /etc/exim/config.d/exim.conf -bdf -q30m', ''],
      existing: ['/usr/exim/bin/exim', '/etc/exim/config.d/exim.conf'],
    });
    expect(found).toEqual({ binary: '/usr/exim/bin/exim', config: '/etc/exim/config.d/exim.conf', source: 'daemon' });
    expect(eximArgv(found!, '-bp')).toEqual(['/usr/exim/bin/exim', '-C', '/etc/exim/config.d/exim.conf', '-bp']);
    expect(describeExim(found!, '-Mrm', 'ID')).toBe('/usr/exim/bin/exim -C /etc/exim/config.d/exim.conf -Mrm ID');
  });

  it("uses Debian's exim4 with its built-in configuration when no daemon runs", () => {
    expect(findEximCommand({ processes: ['sleep infinity'], existing: ['/usr/sbin/exim4'] })).toEqual({ binary: '/usr/sbin/exim4', config: undefined, source: 'path' });
    expect(findEximCommand({ processes: ['/usr/sbin/exim4 -bd -q30m'], existing: ['/usr/sbin/exim4'] })).toEqual({ binary: '/usr/sbin/exim4', config: undefined, source: 'daemon' });
  });

  it('lets the mailwiz.exim.config label name the configuration, and finds nothing where there is no Exim', () => {
    const labels = { 'mailwiz.exim.config': '/srv/exim.conf' };
    expect(findEximCommand({ processes: ['/usr/exim/bin/exim -C /etc/exim/config.d/exim.conf -bd'], existing: [], labels })?.config).toBe('/srv/exim.conf');
    expect(findEximCommand({ processes: [], existing: ['/usr/exim/bin/exim'], labels })).toEqual({ binary: '/usr/exim/bin/exim', config: '/srv/exim.conf', source: 'label' });
    expect(findEximCommand({ processes: ['dovecot -F', 'exim-helper --bd'], existing: [] })).toBeUndefined();
  });
});
