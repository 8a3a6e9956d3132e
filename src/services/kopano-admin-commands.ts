import { addressProblem, printable } from '../dms/validate.js';

/**
 * kopano-admin command lines for the users of Kopano's db user plugin (USER_PLUGIN=db), built from checked input. Only
 * argv arrays (no shell), and a password never in argv (any process in the container could read it there): it goes on
 * stdin for `-P`. Facts from kopano-core's ECtools/admin/admin.cpp:
 * - Use short options: its long option table has `--password` prompting and `--password-prompt` taking the password,
 *   the opposite of the man page.
 * - `-P` reads the password twice with getpass(), which reads stdin when there is no terminal: the exec must not
 *   allocate a TTY. The first copy is kept in an 80-byte buffer, so a longer password never matches the second read.
 * - Every text argument must be printable in kopano-admin's locale; in the C locale that is ASCII only, hence `--utf8`
 *   (first, as options are read in order) for a full name that is not ASCII.
 */

export class KopanoAdminInputError extends Error {
  override name = 'KopanoAdminInputError';
}

export interface KopanoAdminCommand {
  argv: string[];
  stdin?: string;
}

/** Kopano's features (m4lcommon/ECFeatureList.h); --enable-feature/--disable-feature take one of these. */
export const KOPANO_FEATURES = ['imap', 'pop3', 'mobile', 'outlook', 'webapp'] as const;
export type KopanoFeature = (typeof KOPANO_FEATURES)[number];

const KOPANO_ADMIN = 'kopano-admin';
/** admin.cpp copies the first password read into `char password[80]`. */
export const MAX_KOPANO_PASSWORD_BYTES = 79;
/** --qw/--qs/--qh take MB, multiplied by 1024² into bytes: kept below 2^53 bytes so the number stays exact here. */
export const MAX_KOPANO_QUOTA_MB = Math.floor(Number.MAX_SAFE_INTEGER / 2 ** 20);

/**
 * kopano-admin accepts any printable name and refuses SYSTEM (the server's own account). Narrower here: letters,
 * digits and . _ - @ (so also an email address as login), starting with a letter, digit or _ so it never reads as an
 * option; Everyone, the name of Kopano's built-in group, is refused too.
 */
export function kopanoUsernameProblem(username: string): string | undefined {
  if (username === '') return 'The user name is empty';
  if (username.length > 255) return 'The user name is longer than 255 characters';
  if (!/^[A-Za-z0-9_][A-Za-z0-9._@-]*$/.test(username)) {
    return `'${printable(username)}' is not a valid Kopano user name: use letters, digits and . _ - @, starting with a letter, digit or _`;
  }
  if (/^(system|everyone)$/i.test(username)) return `'${username}' is the name of a Kopano built-in account`;
  return undefined;
}

export function kopanoFullnameProblem(fullname: string): string | undefined {
  if (fullname.trim() === '') return 'The full name is empty';
  if (printable(fullname) !== fullname || fullname.includes('\ufffd')) {
    return `The full name '${printable(fullname)}' contains control or invisible characters`;
  }
  return undefined;
}

export function kopanoPasswordProblem(password: string): string | undefined {
  if (password === '') return 'The password is empty';
  if (/[\r\n\0]/.test(password)) return 'The password must not contain a line break or NUL character';
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes > MAX_KOPANO_PASSWORD_BYTES) return `The password is ${bytes} bytes long; kopano-admin takes at most ${MAX_KOPANO_PASSWORD_BYTES}`;
  return undefined;
}

export interface KopanoQuotaMb {
  warn?: number;
  soft?: number;
  hard?: number;
}

/** 0 is unlimited (the man page), so it counts as larger than any limit when the levels are compared. */
export function kopanoQuotaProblem(quota: KopanoQuotaMb): string | undefined {
  const levels = (['warn', 'soft', 'hard'] as const).filter((k) => quota[k] !== undefined);
  if (levels.length === 0) return 'Give at least one quota level';
  for (const k of levels) {
    const mb = quota[k]!;
    if (!Number.isSafeInteger(mb) || mb < 0) return `The ${k} level must be a whole number of MB (0 for unlimited), not ${mb}`;
    if (mb > MAX_KOPANO_QUOTA_MB) return `The ${k} level is larger than ${MAX_KOPANO_QUOTA_MB} MB`;
  }
  const limit = (k: keyof KopanoQuotaMb) => (quota[k] === 0 ? Infinity : quota[k]);
  for (const [low, high] of [['warn', 'soft'], ['soft', 'hard'], ['warn', 'hard']] as const) {
    const a = limit(low);
    const b = limit(high);
    if (a !== undefined && b !== undefined && a > b) return `The ${low} level must not be above the ${high} level`;
  }
  return undefined;
}

function check(problem: string | undefined): void {
  if (problem) throw new KopanoAdminInputError(problem);
}

/** The password twice, one per getpass() call ("Type password:", "Retype password:"). */
function passwordInput(password: string): string {
  check(kopanoPasswordProblem(password));
  return `${password}\n${password}\n`;
}

export function kopanoCreateUser(user: { username: string; email: string; fullname: string; password: string }): KopanoAdminCommand {
  check(kopanoUsernameProblem(user.username));
  check(addressProblem(user.email));
  check(kopanoFullnameProblem(user.fullname));
  const stdin = passwordInput(user.password);
  const utf8 = /^[\x20-\x7e]*$/.test(user.fullname) ? [] : ['--utf8'];
  return { argv: [KOPANO_ADMIN, ...utf8, '-c', user.username, '-e', user.email, '-f', user.fullname, '-P'], stdin };
}

export function kopanoSetPassword(username: string, password: string): KopanoAdminCommand {
  check(kopanoUsernameProblem(username));
  return { argv: [KOPANO_ADMIN, '-u', username, '-P'], stdin: passwordInput(password) };
}

/** The store is kept as an orphan, which `kopano-admin --hook-store` (kopano-storeadm) can give back. */
export function kopanoDeleteUser(username: string): KopanoAdminCommand {
  check(kopanoUsernameProblem(username));
  return { argv: [KOPANO_ADMIN, '-d', username] };
}

const QUOTA_OPTIONS = { warn: '--qw', soft: '--qs', hard: '--qh' } as const;

/** The user's own levels in MB; those not given keep their current value. */
export function kopanoSetQuota(username: string, quota: KopanoQuotaMb): KopanoAdminCommand {
  check(kopanoUsernameProblem(username));
  check(kopanoQuotaProblem(quota));
  const levels = (['warn', 'soft', 'hard'] as const).flatMap((k) => (quota[k] === undefined ? [] : [QUOTA_OPTIONS[k], String(quota[k])]));
  return { argv: [KOPANO_ADMIN, '-u', username, '--qo', 'y', ...levels] };
}

/** Back to the server's quota: the override off (kopano-admin ignores levels given with it). */
export function kopanoDefaultQuota(username: string): KopanoAdminCommand {
  check(kopanoUsernameProblem(username));
  return { argv: [KOPANO_ADMIN, '-u', username, '--qo', 'n'] };
}

/** One feature per call: kopano-admin takes only one. */
export function kopanoSetFeature(username: string, feature: string, enabled: boolean): KopanoAdminCommand {
  check(kopanoUsernameProblem(username));
  if (!(KOPANO_FEATURES as readonly string[]).includes(feature)) {
    throw new KopanoAdminInputError(`'${printable(feature)}' is not a Kopano feature (${KOPANO_FEATURES.join(', ')})`);
  }
  return { argv: [KOPANO_ADMIN, '-u', username, enabled ? '--enable-feature' : '--disable-feature', feature] };
}

/** `-a n` also takes system admin (level 2) away. */
export function kopanoSetAdmin(username: string, admin: boolean): KopanoAdminCommand {
  check(kopanoUsernameProblem(username));
  return { argv: [KOPANO_ADMIN, '-u', username, '-a', admin ? 'y' : 'n'] };
}

/** getpass() writes its prompts to stderr without a line break when it reads stdin. */
const PROMPTS = /^(?:Type password:|Retype password:)+/;
/** Lines that are no reason: the closing hint after any failure, the pointer after a failed create. */
const NOISE = /^(?:Using the -v option \(possibly multiple times\) may give more hints\.|Check server\.log for details\.)$/;

const KNOWN: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Unable to create user: "(.*)" already exists$/, (m) => `A Kopano user named '${m[1]}' already exists`],
  [/^(?:Failed|Unable) to resolve user: "(.*)" not found$/, (m) => `Kopano has no user '${m[1]}'`],
  [/^Username \(-u\) cannot be SYSTEM$/, () => "SYSTEM is Kopano's built-in account; it cannot be changed"],
  [/^Passwords don't match$/, () => `kopano-admin read two different passwords (it keeps at most ${MAX_KOPANO_PASSWORD_BYTES} bytes of one)`],
  [/^Password cannot be empty$/, () => 'kopano-admin read an empty password'],
  [/^Invalid input '(.*)' found\.$/, (m) => `kopano-admin refused '${m[1]}': it takes only characters printable in its locale`],
  [/^(.*) is not a valid kopano feature$/, (m) => `'${m[1]}' is not a Kopano feature (${KOPANO_FEATURES.join(', ')})`],
  [/^The server is not running, or not accessible(?: through "(.*)")?\.$/, (m) => `The Kopano server is not running or cannot be reached${m[1] ? ` at ${m[1]}` : ''}`],
  [/^Access was denied on (.*)\.$/, (m) => `The Kopano server denied kopano-admin access at ${m[1]} (it must run as a local admin user, e.g. root)`],
  [/^Your system does not have the '(.*)' locale installed\.$/, (m) => `The container lacks the ${m[1]} locale kopano-admin needs for non-ASCII text`],
];

/**
 * One line saying why kopano-admin failed, from its stderr; undefined when it succeeded. Its messages are mapped to
 * plain words; others are passed on as they are (untrusted text: the screen sanitizes). Most server-side failures
 * (e.g. "Unable to update user information") are only logged with --verbose 2 or more, as "[error  ] …" lines.
 */
export function parseKopanoAdminError(stderr: string, exitCode: number): string | undefined {
  if (exitCode === 0) return undefined;
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(PROMPTS, '').replace(/^\[error {2}\] /, '').trim())
    .filter((line) => line !== '' && !NOISE.test(line));
  for (const line of lines) {
    for (const [pattern, say] of KNOWN) {
      const match = pattern.exec(line);
      if (match) return say(match);
    }
  }
  return lines[0] ?? `kopano-admin failed (exit ${exitCode}) without a reason; it logs server errors only with --verbose 2`;
}
