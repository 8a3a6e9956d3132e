import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sha512Crypt } from './sha512-crypt.js';

/** Below this many passwords a thread costs more to start than it saves. */
const PER_WORKER_MIN = 16;

/**
 * SHA512-CRYPT hashes of many passwords, spread over the machine's cores (each hash is ~5,000 SHA-512 rounds).
 * The worker is the bundle's `sha512-crypt-worker.js` beside this chunk; run from the sources (no bundle), the
 * passwords are hashed on this thread.
 */
export async function hashPasswords(passwords: readonly string[]): Promise<string[]> {
  const workerFile = fileURLToPath(new URL('./sha512-crypt-worker.js', import.meta.url));
  const threads = Math.min(availableParallelism(), Math.floor(passwords.length / PER_WORKER_MIN));
  if (threads < 2 || !existsSync(workerFile)) return passwords.map((password) => sha512Crypt(password));
  const size = Math.ceil(passwords.length / threads);
  const parts = Array.from({ length: threads }, (_, i) => passwords.slice(i * size, (i + 1) * size));
  const hashed = await Promise.all(parts.map((part) => hashInWorker(workerFile, part)));
  return hashed.flat();
}

function hashInWorker(file: string, passwords: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file);
    worker.once('message', (hashes: string[]) => {
      resolve(hashes);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.postMessage(passwords);
  });
}
