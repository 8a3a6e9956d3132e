import { execa } from 'execa';
import { existsSync } from 'node:fs';

let updated = false;

/** Installs Debian packages whose program is missing (tests run as root on Debian; see the README). */
export async function ensurePackages(needs: Record<string, string>): Promise<void> {
  const missing = Object.entries(needs)
    .filter(([program]) => !existsSync(program))
    .map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`These tests need ${missing.join(', ')} (Debian packages); install them or run as root.`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) await execa('apt-get', ['update', '-qq'], { env });
  updated = true;
  await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...new Set(missing)], { env });
}

/** A TCP port nothing listens on right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
