import { existsSync } from 'node:fs';
import { execa } from 'execa';

const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };
/** Wait for dpkg's lock instead of failing when another install runs. */
const LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=300'];

/** The real services the tests talk to, by Debian package and the program that shows it is installed. */
export const TEST_PACKAGES: Record<string, string> = {
  tmux: '/usr/bin/tmux',
  knot: '/usr/sbin/knotd',
  unbound: '/usr/sbin/unbound',
  pebble: '/usr/bin/pebble',
  'openssh-server': '/usr/sbin/sshd',
  'openssh-client': '/usr/bin/ssh',
  slapd: '/usr/sbin/slapd',
  'ldap-utils': '/usr/bin/ldapsearch',
  'docker-registry': '/usr/bin/docker-registry',
  'docker-compose': '/usr/bin/docker-compose',
};

/**
 * Installs the packages whose program is missing, in one apt-get run before any test starts (parallel test files
 * must not race for dpkg's lock). Without root it only reports what is missing.
 */
export async function ensureDebianPackages(log: (line: string) => void, packages = TEST_PACKAGES): Promise<void> {
  const missing = Object.entries(packages)
    .filter(([, program]) => !existsSync(program))
    .map(([name]) => name);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    log(`not root: cannot install ${missing.join(', ')}; the tests that need them will say so`);
    return;
  }
  log(`installing Debian packages: ${missing.join(' ')} …`);
  const install = ['install', '-y', '-qq', '--no-install-recommends', ...LOCK_WAIT, ...missing];
  const first = await execa('apt-get', install, { env: APT_ENV, reject: false });
  if (first.exitCode !== 0) {
    await execa('apt-get', ['update', '-qq', ...LOCK_WAIT], { env: APT_ENV });
    await execa('apt-get', install, { env: APT_ENV });
  }
}
