import { CONFIG_FILES, type ConfigFile } from '../dms/config-files.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { addressProblem } from '../dms/validate.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';
import type { Versioned } from './config-store.js';
import { applyAccessFile, type AccessCheck, type PostfixUpdate } from './postfix-access-checks.js';

/**
 * Addresses refused as senders or recipients (`setup email restrict`): postfix-send-access.cf and
 * postfix-receive-access.cf, Postfix access tables with DMS's line `<address> \t\t REJECT`.
 */
export type Direction = 'send' | 'receive';

export interface AccessEntry {
  address: string;
  action: string;
}

const ACCESS: Record<Direction, { file: ConfigFile; postfix: AccessCheck }> = {
  send: {
    file: CONFIG_FILES.sendAccess,
    postfix: { parameter: 'smtpd_sender_restrictions', check: 'check_sender_access texthash:' },
  },
  receive: {
    file: CONFIG_FILES.receiveAccess,
    postfix: { parameter: 'smtpd_recipient_restrictions', check: 'check_recipient_access texthash:' },
  },
};

/** What DMS writes after the address (and what `list` shows): space, two tabs, space, REJECT. */
const REJECT = '\t\t REJECT';

export function isDirection(word: string): word is Direction {
  return word === 'send' || word === 'receive';
}

function accessCheck(server: MailServer, direction: Direction): AccessCheck {
  const { file, postfix } = ACCESS[direction];
  return { ...postfix, check: `${postfix.check}${server.config.path(file)}` };
}

function checkAddress(address: string): void {
  if (address === '') throw new ServiceError('User must not be empty');
  const problem = addressProblem(address);
  if (problem) throw new ServiceError(problem);
}

/** The entries of the access file, or undefined when it does not exist. */
export async function listRestrictions(server: MailServer, direction: Direction): Promise<AccessEntry[] | undefined> {
  return accessEntries(await server.config.read(accessFile(direction)));
}

export function accessFile(direction: Direction): ConfigFile {
  return ACCESS[direction].file;
}

/** The entries of an access file as read, or undefined when it does not exist. */
export function accessEntries({ text, version }: Versioned): AccessEntry[] | undefined {
  if (version === '-') return undefined;
  return KeyedFile.parse(text, ' ')
    .entries()
    .map(({ key, value }) => ({ address: key, action: value }));
}

/** Refuses mail from (send) or to (receive) the address, effective at once. */
export async function restrict(server: MailServer, direction: Direction, address: string): Promise<PostfixUpdate> {
  checkAddress(address);
  await server.config.update(ACCESS[direction].file, (text) => {
    const file = KeyedFile.parse(text, ' ');
    if (file.has(address)) throw new ServiceError(`User '${address}' already denied to ${direction} mails`);
    return file.set(address, REJECT).toString();
  });
  return applyAccessFile(server, accessCheck(server, direction));
}

/** Lifts a restriction; an address that was not restricted is fine, as in DMS. */
export async function unrestrict(server: MailServer, direction: Direction, address: string): Promise<PostfixUpdate> {
  checkAddress(address);
  const { file } = ACCESS[direction];
  if ((await server.config.read(file)).version === '-') throw new ServiceError(`User '${address}' not found`);
  const changed = await server.config.update(file, (text) => KeyedFile.parse(text, ' ').remove(address).toString());
  return changed ? applyAccessFile(server, accessCheck(server, direction)) : {};
}
