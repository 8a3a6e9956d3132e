import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';

/** Sends one message over plain SMTP to a 127.0.0.1-published port, as an outside MX would deliver it. */
export async function sendMail(port: number, message: { from: string; to: string | string[]; subject: string; text?: string }): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    name: 'client.example.net',
  });
  try {
    await transport.sendMail({ ...message, text: message.text ?? 'hello from the mailwiz tests', date: new Date() });
  } finally {
    transport.close();
  }
}

export async function imapLogin(port: number, user: string, pass: string): Promise<boolean> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass }, logger: false });
  try {
    await client.connect();
    await client.logout();
    return true;
  } catch (error) {
    if ((error as { authenticationFailed?: boolean }).authenticationFailed) return false;
    throw error;
  }
}

/** Subjects of the messages in the user's INBOX. */
export async function inboxSubjects(port: number, user: string, pass: string): Promise<string[]> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const subjects: string[] = [];
      if (typeof client.mailbox === 'object' && client.mailbox.exists > 0) {
        for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
      }
      return subjects;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
