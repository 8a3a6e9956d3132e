import { connect } from 'node:net';

/**
 * One IMAP login with a wrong password over a raw socket on 127.0.0.1: resolves to whether the server answered NO.
 * A banned client gets no answer (fail2ban drops its packets): that resolves to false after `timeoutMs`.
 */
export function failedImapLogin(port: number, user: string, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let sent = false;
    const finish = (refused: boolean): void => {
      socket.destroy();
      resolve(refused);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!sent && /^\* OK/m.test(received)) {
        sent = true;
        socket.write(`a1 LOGIN "${user}" "wrong-password-on-purpose"\r\n`);
      }
      if (/^a1 NO/m.test(received)) {
        socket.end('a2 LOGOUT\r\n');
        finish(true);
      }
    });
  });
}

/** A burst of failed logins, `count` at a time, as a password-guessing client makes them; resolves to how many got a NO. */
export async function failedLoginBurst(port: number, user: string, count = 7): Promise<number> {
  const answers = await Promise.all(Array.from({ length: count }, () => failedImapLogin(port, user)));
  return answers.filter(Boolean).length;
}
