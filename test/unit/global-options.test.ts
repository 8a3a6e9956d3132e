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

describe('parseGlobalOptions after the command', () => {
  it('takes global options among a command\'s arguments, but never a value of its own flags, nor after --', () => {
    expect(parseGlobalOptions(['status', '--json', '-c', 'dms'])).toEqual({ options: expect.objectContaining({ json: true, container: 'dms' }), rest: ['status'] });
    expect(parseGlobalOptions(['init', '--answers', '--json', '--yes']).rest).toEqual(['init', '--answers', '--json', '--yes']);
    expect(parseGlobalOptions(['check', '--domain=example.com', '--json']).options.json).toBe(true);
    expect(parseGlobalOptions(['console', '--', '--json']).rest).toEqual(['console', '--json']);
  });

  it('marks --help anywhere, but leaves setup its own grammar (a password may be --help)', () => {
    expect(parseGlobalOptions(['install-setup', '--help']).options.help).toBe(true);
    const setup = parseGlobalOptions(['setup', 'email', 'add', 'a@example.com', '--help']);
    expect(setup.options.help).toBe(false);
    expect(setup.rest).toEqual(['setup', 'email', 'add', 'a@example.com', '--help']);
  });

  it("refuses a flag the command does not list, naming the command; passes flags on to a command that checks its own", () => {
    expect(() => parseGlobalOptions(['status', '--colour'])).toThrow(expect.objectContaining({ message: 'unknown option --colour for status', command: 'status' }));
    expect(parseGlobalOptions(['cert', 'obtain', '--staging', '--name', 'mail.example.com']).rest).toEqual(['cert', 'obtain', '--staging', '--name', 'mail.example.com']);
  });
});
