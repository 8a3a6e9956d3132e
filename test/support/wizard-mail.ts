import { ImapFlow } from 'imapflow';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** IMAP over implicit TLS to a 127.0.0.1 port, trusting only the CA the wizard made for its self-signed certificate. */
export async function imapsSubjects(options: { port: number; directory: string; hostname: string; user: string; pass: string }): Promise<string[]> {
  const ca = await readFile(join(options.directory, 'docker-data/dms/config/ssl/demoCA/cacert.pem'), 'utf8');
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: options.port,
    secure: true,
    servername: options.hostname,
    tls: { ca: [ca], servername: options.hostname, rejectUnauthorized: true },
    auth: { user: options.user, pass: options.pass },
    logger: false,
  });
  await client.connect();
  try {
    const box = await client.mailboxOpen('INBOX', { readOnly: true });
    if (box.exists === 0) return [];
    return (await client.fetchAll('1:*', { envelope: true })).map((message) => message.envelope?.subject ?? '');
  } finally {
    await client.logout();
  }
}
