import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * An `ssh://user@host[:port]` engine as the docker CLI reaches it: ssh to the host, `docker system dial-stdio` there.
 * The host key must be in ~/.ssh/known_hosts (plain or hashed entries), as with ssh's StrictHostKeyChecking: an
 * unknown or changed key refuses the connection. The user's agent (SSH_AUTH_SOCK) signs, else the first default key
 * file (~/.ssh/id_ed25519, id_ecdsa, id_rsa).
 */

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown';

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt = '', hash = ''] = pattern.split('|');
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return pattern.split(',').some((p) => p === name);
}

/** Whether the presented key (its wire blob) is the one known_hosts holds for the host. */
export function checkKnownHosts(text: string, host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  let known = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    const [hosts = '', , key = ''] = fields;
    if (marker === '@cert-authority' || !nameMatches(hosts, name)) continue;
    const same = Buffer.from(key, 'base64').equals(keyBlob);
    if (marker === '@revoked') {
      if (same) return 'mismatch';
      continue;
    }
    if (same) return 'match';
    known = true;
  }
  return known ? 'mismatch' : 'unknown';
}

export interface SshOptions {
  agent?: string;
  privateKey?: Buffer;
  hostVerifier: (key: Buffer) => boolean;
}

export class HostKeyError extends Error {
  override name = 'HostKeyError';
}

/** ssh2's options for the endpoint; `refusal()` says why the host key was refused, after a failed connection. */
export function sshOptions(host: string, port: number, env: NodeJS.ProcessEnv = process.env): { options: SshOptions; refusal: () => string | undefined } {
  const sshDir = join(env.HOME || homedir(), '.ssh');
  let refused: string | undefined;
  const hostVerifier = (key: Buffer): boolean => {
    let text = '';
    try {
      text = readFileSync(join(sshDir, 'known_hosts'), 'utf8');
    } catch {
      // no known_hosts: every host is unknown
    }
    const verdict = checkKnownHosts(text, host, port, key);
    if (verdict === 'match') return true;
    refused =
      verdict === 'mismatch'
        ? `The host key of ${knownHostsName(host, port)} is not the one in ${sshDir}/known_hosts: someone may be in between. Check the host, then update the entry.`
        : `The host key of ${knownHostsName(host, port)} is not in ${sshDir}/known_hosts. Check it and add it (ssh ${port === 22 ? '' : `-p ${port} `}${host} once, or ssh-keyscan), then try again.`;
    return false;
  };
  const keyFile = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(sshDir, f)).find((f) => existsSync(f));
  const options: SshOptions = {
    hostVerifier,
    ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : keyFile ? { privateKey: readFileSync(keyFile) } : {}),
  };
  return { options, refusal: () => refused };
}
