import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';

/** Whether a TCP port can be bound on this machine, and when not, which process listens on it (from /proc). */

export type PortState = { free: true } | { free: false; holder?: string; reason: string };

export async function tryBind(port: number, host: string): Promise<PortState> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve({ free: false, reason: 'in use' });
      else if (error.code === 'EACCES') resolve({ free: false, reason: 'only root may listen on ports below 1024' });
      else if (error.code === 'EADDRNOTAVAIL') resolve({ free: false, reason: `this machine has no address ${host}` });
      else resolve({ free: false, reason: error.code ?? error.message });
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve({ free: true })));
  });
}

/** Socket inodes listening on the port (state 0A in /proc/net/tcp and tcp6). */
async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1] ?? '';
      if (fields[3] === '0A' && local.endsWith(`:${hexPort}`) && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** "postfix (pid 812)" for the process holding a listening socket on the port, when /proc tells. */
export async function portHolder(port: number): Promise<string | undefined> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) {
        const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
        return `${name} (pid ${pid})`;
      }
    }
  }
  return 'another process (run as root to see which)';
}
