import nodemailer from 'nodemailer';

/** What the server answered to one message: accepted, or refused with its SMTP reply. */
export type SmtpOutcome = { accepted: true } | { accepted: false; code: number | undefined; response: string };

export interface SmtpAttempt {
  port: number;
  from: string;
  to: string;
  /** Log in first, as a mail client on the submission port does. */
  auth?: { user: string; pass: string };
}

/**
 * Sends one message to a 127.0.0.1-published port and reports the server's verdict instead of throwing. The
 * testbed runs without TLS (SSL_TYPE empty), where DMS allows plaintext AUTH.
 */
export async function trySend(attempt: SmtpAttempt): Promise<SmtpOutcome> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: attempt.port,
    secure: false,
    ignoreTLS: true,
    name: 'client.example.net',
    ...(attempt.auth ? { auth: attempt.auth } : {}),
  });
  try {
    await transport.sendMail({ from: attempt.from, to: attempt.to, subject: 'mailwiz restriction test', text: 'hello', date: new Date() });
    return { accepted: true };
  } catch (error) {
    const { responseCode, response, message } = error as { responseCode?: number; response?: string; message: string };
    return { accepted: false, code: responseCode, response: response ?? message };
  } finally {
    transport.close();
  }
}
