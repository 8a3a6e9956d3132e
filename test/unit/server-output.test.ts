import { describe, expect, it } from 'vitest';
import { forTerminal } from '../../src/cli/setup/commands/server-output.js';

describe('forTerminal', () => {
  it('keeps text, line breaks and tabs (fail2ban status and tables keep their layout)', () => {
    expect(forTerminal('|  |- Currently failed:\t0\nc ü €\n')).toBe('|  |- Currently failed:\t0\nc ü €\n');
  });

  it('removes colours, cursor movement, screen clearing and window titles', () => {
    expect(forTerminal('\u001b[1;31mERROR\u001b[0m x\u001b[2J\u001b[H\u001b[?25l\n')).toBe('ERROR x\n');
    expect(forTerminal('a\u001b]0;owned\u0007b\u001b]8;;http://x\u001b\\c\td')).toBe('abc\td');
  });

  it('drops the CR of CRLF lines and shows other controls as ?', () => {
    expect(forTerminal('one\r\ntwo\rEVIL\b\u0007\n')).toBe('one\ntwo?EVIL??\n');
  });
});
