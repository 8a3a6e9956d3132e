import { describe, expect, it } from 'vitest';
import { parseLmtpTransport } from '../../src/formats/postfix/lmtp-transport.js';

describe('parseLmtpTransport', () => {
  it.each([
    ['lmtp:app:2003', { host: 'app', port: 2003 }],
    ['lmtp:inet:app:2003', { host: 'app', port: 2003 }],
    ['lmtp:[app]:2003', { host: 'app', port: 2003 }],
    ['lmtp:[2001:db8::1]:2003', { host: '2001:db8::1', port: 2003 }],
    ['lmtp:kopano.example.test', { host: 'kopano.example.test', port: 24 }],
    ['  lmtp:app:2003\n', { host: 'app', port: 2003 }],
  ])('%s → host and port', (value, expected) => {
    expect(parseLmtpTransport(value)).toEqual(expected);
  });

  it.each(['lmtp:unix:private/dovecot-lmtp', 'virtual', 'smtp:relay:25', 'lmtp:app:99999', 'lmtp:app:port', 'lmtp:', '', 'lmtp:a;b:24'])(
    '%s is not an LMTP destination over TCP',
    (value) => {
      expect(parseLmtpTransport(value)).toBeUndefined();
    },
  );
});
