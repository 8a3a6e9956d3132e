import { printable } from '../dms/validate.js';
import type { MailServer } from './mail-server.js';

/**
 * Postfix's side of `email restrict`: the restriction list must consult the access file, and Postfix must be reloaded
 * to read the file again (texthash tables are read once per smtpd process).
 */

export interface AccessCheck {
  /** The restriction list that must contain the check. */
  parameter: 'smtpd_sender_restrictions' | 'smtpd_recipient_restrictions';
  /** e.g. `check_sender_access texthash:/tmp/docker-mailserver/postfix-send-access.cf` */
  check: string;
}

export interface PostfixUpdate {
  /** The parameter the check was added to, when it was missing. */
  addedTo?: string;
  /** Why Postfix could not be updated (e.g. it does not run here); the access file itself was written. */
  problem?: string;
}

const MAX_REFERENCES = 5;

async function postconf(server: MailServer, argv: string[]): Promise<string> {
  const result = await server.target.exec(['postconf', ...argv]);
  if (result.exitCode !== 0) throw new Error(`postconf ${argv.join(' ')}: ${printable(result.stderr.trim())}`);
  return result.stdout.trim();
}

/**
 * The parameter whose list to extend: the named one, or, when its whole value is a reference such as DMS's
 * `smtpd_sender_restrictions = $dms_smtpd_sender_restrictions`, the one it refers to. DMS's submission ports use
 * that referenced list too (`mua_sender_restrictions`), so a sender restriction also holds after AUTH on 587/465.
 */
async function listOwner(server: MailServer, parameter: string): Promise<{ name: string; value: string }> {
  let name = parameter;
  for (let i = 0; i < MAX_REFERENCES; i++) {
    const value = await postconf(server, ['-h', name]);
    const reference = /^\$(?:\{([a-z0-9_]+)\}|([a-z0-9_]+))$/.exec(value);
    const next = reference?.[1] ?? reference?.[2];
    if (!next) return { name, value };
    name = next;
  }
  return { name, value: await postconf(server, ['-h', name]) };
}

/**
 * Prepends the check to a parameter's list unless it is there, reading and writing in one exec: DMS's change
 * detector adds the same check when it sees the access file change, and a wider gap between our read and our write
 * let both add it.
 */
const PREPEND_ONCE_SCRIPT = [
  'set -eu',
  'value=$(postconf -h "$1")',
  // The list with every run of commas and white space made one space, as Postfix reads it.
  'case " $(printf %s "$value" | tr -s " \t\n," "    ") " in *" $2 "*) exit 3 ;; esac',
  'if [ -z "$value" ]; then postconf -e "$1 = $2"; else postconf -e "$1 = $2, $value"; fi',
].join('\n');

/** Adds the check in front of the restriction list unless the effective list already has it. */
async function ensureCheck(server: MailServer, access: AccessCheck): Promise<string | undefined> {
  const effective = await postconf(server, ['-x', '-h', access.parameter]);
  if (effective.split(/[\s,]+/).join(' ').includes(access.check)) return undefined;
  const owner = await listOwner(server, access.parameter);
  const result = await server.target.exec(['sh', '-c', PREPEND_ONCE_SCRIPT, 'mailwiz-prepend', owner.name, access.check]);
  if (result.exitCode === 3) return undefined;
  if (result.exitCode !== 0) throw new Error(`postconf -e ${owner.name}: ${printable(result.stderr.trim())}`);
  return owner.name;
}

async function reload(server: MailServer): Promise<void> {
  const result = await server.target.exec(['postfix', 'reload']);
  if (result.exitCode !== 0) throw new Error(`postfix reload: ${printable((result.stderr || result.stdout).trim())}`);
}

/** Makes a changed access file effective now; reports instead of failing when Postfix cannot be reached. */
export async function applyAccessFile(server: MailServer, access: AccessCheck): Promise<PostfixUpdate> {
  const update: PostfixUpdate = {};
  try {
    update.addedTo = await ensureCheck(server, access);
    await reload(server);
  } catch (error) {
    update.problem = error instanceof Error ? error.message : String(error);
  }
  return update;
}
