import { describe, expect, it } from 'vitest';
import { parseGlobalOptions, UsageError } from '../../src/cli/global-options.js';

describe('parseGlobalOptions', () => {
  it('takes mailwiz options before the command and passes the rest on untouched', () => {
    const { options, rest } = parseGlobalOptions(['-c', 'mailserver', 'setup', 'email', 'add', '-c', 'x@y.z']);
    expect(options.container).toBe('mailserver');
    expect(rest).toEqual(['setup', 'email', 'add', '-c', 'x@y.z']);
  });

  it('understands --container=NAME, --json and --read-only', () => {
    const { options } = parseGlobalOptions(['--container=dms', '--json', '--read-only', 'status']);
    expect(options).toMatchObject({ container: 'dms', json: true, readOnly: true });
  });

  it('rejects an unknown option and a -c without a name', () => {
    expect(() => parseGlobalOptions(['--bogus'])).toThrow(UsageError);
    expect(() => parseGlobalOptions(['-c'])).toThrow(/needs a container name/);
  });
});
