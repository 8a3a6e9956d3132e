import { execa } from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePackages, freePort, waitForPort } from './wizard-apt.js';

/**
 * A real OpenLDAP slapd on 127.0.0.1 with its own config folder and a small test directory: three users under
 * ou=people,dc=example,dc=test (alice has the alias info@), an admin bind DN with password "secret".
 */

export const LDAP_BASE = 'dc=example,dc=test';
export const LDAP_ADMIN = `cn=admin,${LDAP_BASE}`;
export const LDAP_PASSWORD = 'secret';

const TREE = `dn: ${LDAP_BASE}
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ou=people,${LDAP_BASE}
objectClass: organizationalUnit
ou: people

${['alice', 'bob', 'carol']
  .map(
    (user) => `dn: uid=${user},ou=people,${LDAP_BASE}
objectClass: inetOrgPerson
${user === 'alice' ? 'objectClass: inetLocalMailRecipient\nmailLocalAddress: info@example.test\n' : ''}uid: ${user}
cn: ${user}
sn: ${user}
mail: ${user}@example.test
userPassword: ${user}-password
`,
  )
  .join('\n')}`;

export interface LdapServer {
  uri: string;
  port: number;
  stop: () => Promise<void>;
}

export async function startLdapServer(): Promise<LdapServer> {
  await ensurePackages({ '/usr/sbin/slapd': 'slapd', '/usr/bin/ldapsearch': 'ldap-utils' });
  const dir = await mkdtemp(join(tmpdir(), 'mailwiz-slapd-'));
  await mkdir(join(dir, 'data'));
  const schemas = ['core', 'cosine', 'inetorgperson', 'nis', 'misc'].map((s) => `include /etc/ldap/schema/${s}.schema`).join('\n');
  const config = `${schemas}
pidfile ${dir}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "${LDAP_BASE}"
rootdn "${LDAP_ADMIN}"
rootpw ${LDAP_PASSWORD}
directory ${dir}/data
maxsize 10485760
access to * by * read
`;
  await writeFile(join(dir, 'slapd.conf'), config);
  await writeFile(join(dir, 'tree.ldif'), TREE);
  await execa('/usr/sbin/slapadd', ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'tree.ldif')]);
  const port = await freePort();
  const child: ChildProcess = spawn('/usr/sbin/slapd', ['-f', join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/`, '-d', '0'], { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri: `ldap://127.0.0.1:${port}`, port, stop };
}
