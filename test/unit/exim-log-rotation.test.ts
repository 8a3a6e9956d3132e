import { describe, expect, it } from 'vitest';
import { parseLogFolder, unrotatedLog } from '../../src/formats/exim/log-rotation.js';

const folder = (lines: string[]) => parseLogFolder(lines.join('\n'));

describe('Exim log rotation', () => {
  it('names the largest log of a folder nothing rotates', () => {
    const listing = folder(['2048 /var/log/exim/main.log', '0 /var/log/exim/panic.log', '734003200 /var/log/exim/reject.log']);
    expect(listing.rotationRule).toBe(false);
    expect(unrotatedLog(listing)).toEqual({ path: '/var/log/exim/reject.log', bytes: 734003200 });
  });

  it('is quiet when a logrotate rule names the folder, or rotated copies lie beside the logs', () => {
    expect(unrotatedLog(folder(['2048 /var/log/exim/main.log', '#rule']))).toBeUndefined();
    for (const copy of ['main.log.1', 'main.log-20261201', 'main.log.2.gz', 'mainlog.20261201']) {
      expect(unrotatedLog(folder(['2048 /var/log/exim/main.log', `99 /var/log/exim/${copy}`])), copy).toBeUndefined();
    }
  });

  it('is quiet without logs, and reads paths with spaces', () => {
    expect(unrotatedLog(folder([]))).toBeUndefined();
    expect(parseLogFolder('12 /var/log/exim/odd name.log\n').files).toEqual([{ path: '/var/log/exim/odd name.log', bytes: 12 }]);
  });
});
