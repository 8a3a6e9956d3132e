import { parentPort } from 'node:worker_threads';
import { sha512Crypt } from './sha512-crypt.js';

/** A worker thread of hash-pool.ts: hashes the passwords it is sent and answers with their hashes, in order. */
parentPort?.on('message', (passwords: string[]) => {
  parentPort?.postMessage(passwords.map((password) => sha512Crypt(password)));
});
