import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkKnownHosts, knownHostsName } from '../../src/target/ssh-endpoint.js';

/** known_hosts as OpenSSH writes it: plain and hashed names, [host]:port, @revoked and @cert-authority markers. */

const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIOqJ4n3mY0nYb9kY2u0cZ1Y6ZpVQm0V0G2h0tqQ2x5rA';
const OTHER = 'AAAAC3NzaC1lZDI1NTE5AAAAIBQ7oQ4lrhjx0fkwJxHR8+mKBMM2X/8P1b1s0W5aA8aN';
const blob = Buffer.from(KEY, 'base64');

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('checkKnownHosts', () => {
  it('names a host as ssh does: host on 22, [host]:port elsewhere', () => {
    expect(knownHostsName('docker.example.com', 22)).toBe('docker.example.com');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('matches plain (also in a comma list) and hashed entries, and tells a changed key from an unknown host', () => {
    expect(checkKnownHosts(`other.example.com,docker.example.com ssh-ed25519 ${KEY}\n`, 'docker.example.com', 22, blob)).toBe('match');
    expect(checkKnownHosts(`${hashed('[127.0.0.1]:2222')} ssh-ed25519 ${KEY}\n`, '127.0.0.1', 2222, blob)).toBe('match');
    expect(checkKnownHosts(`${hashed('127.0.0.1')} ssh-ed25519 ${KEY}\n`, '127.0.0.1', 2222, blob)).toBe('unknown');
    expect(checkKnownHosts(`docker.example.com ssh-ed25519 ${OTHER}\n`, 'docker.example.com', 22, blob)).toBe('mismatch');
    expect(checkKnownHosts('# nothing\n\n', 'docker.example.com', 22, blob)).toBe('unknown');
  });

  it('a revoked key never matches; a CA line is not a host key', () => {
    expect(checkKnownHosts(`@revoked docker.example.com ssh-ed25519 ${KEY}\ndocker.example.com ssh-ed25519 ${KEY}\n`, 'docker.example.com', 22, blob)).toBe('mismatch');
    expect(checkKnownHosts(`@cert-authority docker.example.com ssh-ed25519 ${KEY}\n`, 'docker.example.com', 22, blob)).toBe('unknown');
  });
});
