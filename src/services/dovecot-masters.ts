import { CONFIG_FILES } from '../dms/config-files.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { passwordProblem, printable, visibleNameProblem } from '../dms/validate.js';
import { hashPassword } from './accounts.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

/**
 * Dovecot master users (dovecot-masters.cf, `name|{SHA512-CRYPT}…`): they log in to any mailbox as
 * `user@domain*name` with their own password.
 */
export interface MasterUser {
  username: string;
}

/**
 * A master name travels into Dovecot's passwd-file (`name:hash`) and after the `*` of a login name: no separators of
 * either, no white space. DMS accepts any non-empty name; these are the ones that cannot work.
 */
export function masterNameProblem(name: string): string | undefined {
  if (name === '') return 'No account specified';
  const invisible = visibleNameProblem(name, 'a master user name');
  if (invisible) return invisible;
  if (name.startsWith('#')) return `'${name}' cannot be a master user name: a line starting with '#' is a comment in DMS's files`;
  if (/[\s\u0000-\u001f\u007f|:*]/.test(name)) {
    return `'${printable(name)}' cannot be a master user name: it must not contain white space, '|', ':' or '*'`;
  }
  return undefined;
}

function check(problem: string | undefined): void {
  if (problem) throw new ServiceError(problem);
}

export async function listMasters(server: MailServer): Promise<MasterUser[]> {
  const { text } = await server.config.read(CONFIG_FILES.masters);
  return KeyedFile.parse(text, '|')
    .entries()
    .map(({ key }) => ({ username: key }));
}

/** Sets a master's password; `add` refuses an existing name, `update` an unknown one. */
async function setMaster(server: MailServer, name: string, password: string, mode: 'add' | 'update'): Promise<void> {
  check(masterNameProblem(name));
  check(passwordProblem(password));
  const hash = hashPassword(password);
  await server.config.update(CONFIG_FILES.masters, (text) => {
    const file = KeyedFile.parse(text, '|');
    if (mode === 'add' && file.has(name)) throw new ServiceError(`'${name}' already exists`);
    if (mode === 'update' && !file.has(name)) throw new ServiceError(`'${name}' does not exist`);
    return file.set(name, hash).toString();
  });
}

export function addMaster(server: MailServer, name: string, password: string): Promise<void> {
  return setMaster(server, name, password, 'add');
}

export function updateMaster(server: MailServer, name: string, password: string): Promise<void> {
  return setMaster(server, name, password, 'update');
}

/** Removes master users; names that do not exist are fine, as in DMS. */
export async function deleteMasters(server: MailServer, names: readonly string[]): Promise<void> {
  names.forEach((name) => check(masterNameProblem(name)));
  await server.config.update(CONFIG_FILES.masters, (text) =>
    names.reduce((file, name) => file.remove(name), KeyedFile.parse(text, '|')).toString(),
  );
}
