/**
 * What `kopano-admin` prints (Kopano's db user plugin, USER_PLUGIN=db), read back. The layout is kopano-core's
 * ECtools/admin/admin.cpp: tables through its ConsoleTable (every row starts with a tab, every cell ends with one, and
 * all but the last cell get extra tabs up to their column's width in tab stops); details as `Label:<tabs>value` lines.
 * Values come from the server's user database as they are: untrusted text, kept raw here (no escape is interpreted);
 * the screen sanitizes what it shows.
 */

export class KopanoOutputError extends Error {
  override name = 'KopanoOutputError';
}

export interface KopanoListedUser {
  username: string;
  fullname: string;
  /** Only in a multi-server setup; single-server Kopano prints the column empty. */
  homeserver?: string;
}

export interface KopanoUserDetails {
  username: string;
  fullname: string;
  email: string;
  /** Non-active users (shared stores, rooms, equipment) cannot log in; mail still reaches their store. */
  active: boolean;
  /** Kopano's name of the class when not active: "Shared store", "Room", "Equipment", "Contact". */
  nonActiveType?: string;
  /** 'system': admin level 2, which may also manage companies. */
  admin: 'no' | 'yes' | 'system';
  /** Hidden from the address book. */
  hidden: boolean;
  homeserver?: string;
  /**
   * The limits in force, in bytes (undefined: unlimited), with `override` telling whether they are the user's own or
   * the server's; `text` is what Kopano printed (its sizes are rounded, see parseHumanSize). Absent when Kopano could
   * not read them, e.g. for a user without a store.
   */
  quota?: { override: boolean; warn?: number; soft?: number; hard?: number; text: { warn?: string; soft?: string; hard?: string } };
  storeSize?: number;
  storeSizeText?: string;
  /** What is in force for the user: the server's defaults (disabled_features) with the user's own choices applied. */
  features: { enabled: string[]; disabled: string[] };
  /** PR_EMS_AB_PROXY_ADDRESSES without the smtp:/SMTP: type prefix. */
  aliases: string[];
  groups: string[];
  /** Every row of the "Mapped properties" table, by property name (PR_… or 0x… for names admin.cpp does not know). */
  mapped: Record<string, string>;
}

const SYSTEM_ACCOUNT = 'SYSTEM';

/** The cells of one ConsoleTable row: its lead tab and the tab closing the last cell dropped, cells split on tab runs. */
function tableCells(line: string): string[] {
  return line.slice(1).replace(/\t$/, '').split(/\t+/);
}

/**
 * `kopano-admin -l`: per company a `User list for <company>(<count>):` line (`Default` without multi-tenancy), the
 * Username/Fullname/Homeserver header, a line of dashes, one row per user, a blank line. The built-in SYSTEM account
 * (the server's own, which owns the public store) is listed too and skipped: it has no mailbox and kopano-admin refuses
 * to change it ("Username (-u) cannot be SYSTEM").
 *
 * A row count that differs from the printed count means a name spans lines, so rows cannot be told from names.
 */
export function parseKopanoUserList(text: string): KopanoListedUser[] {
  const users: KopanoListedUser[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const title = /^User list for (.*)\((\d+)\):$/.exec(lines[i] ?? '');
    if (!title) continue;
    const expected = Number(title[2]);
    if (!lines[i + 1]?.startsWith('\t') || !/^\t-*$/.test(lines[i + 2] ?? '')) {
      throw new KopanoOutputError(`kopano-admin -l printed no user table under "User list for ${title[1]}"`);
    }
    let rows = 0;
    for (i += 3; i < lines.length && lines[i]!.startsWith('\t'); i++) {
      rows++;
      const [username = '', fullname = '', homeserver = ''] = tableCells(lines[i]!);
      if (username === SYSTEM_ACCOUNT) continue;
      users.push({ username, fullname, ...(homeserver ? { homeserver } : {}) });
    }
    if (rows !== expected) {
      throw new KopanoOutputError(`kopano-admin -l printed ${rows} rows for ${expected} users of ${title[1]}: a name contains a line break`);
    }
  }
  return users;
}

const UNITS = 'BKMGTPE';

/**
 * A size as Kopano prints it (stringutil.cpp's number_to_humansize): below 1000 bytes the plain number; from 1000 on,
 * divided by 1024 until under 1000 (so 1000–1023 bytes is "0K"): whole kibibytes as "12K", larger units with two
 * decimals under 10 ("1.00G", "0.97G") and one from 10 on ("900.0M"). Digits are cut, not rounded, so the number
 * returned is what the text says, at most one unit of its last digit below the real size. undefined for "unlimited"
 * (what a quota level of 0 prints) and anything else that is not a size.
 */
export function parseHumanSize(text: string): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?([BKMGTPE])?$/.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '0', decimals = '', unit = 'B'] = match;
  const scale = 1024 ** UNITS.indexOf(unit);
  return Math.round((Number(whole) + (decimals ? Number(decimals) / 10 ** decimals.length : 0)) * scale);
}

/**
 * Labels of the lines print_user_settings() and print_quota() write once each. A value with a line break (possible in
 * a database edited by hand) could print a second, fake one: seeing a label twice, the text is refused.
 */
const LABELS: Record<string, RegExp> = {
  username: /^Username:\t+(.*)$/,
  fullname: /^Fullname:\t+(.*)$/,
  email: /^Emailaddress:\t+(.*)$/,
  active: /^Active:\t+(.*)$/,
  nonActiveType: /^Non-active type:\t+(.*)$/,
  admin: /^Administrator:\t+(.*)$/,
  addressBook: /^Address book:\t+(.*)$/,
  homeserver: /^Home server:\t+(.*)$/,
  quotaHeading: /^Current user store quota settings:()$/,
  override: /^ Quota overrides:\t+(.*)$/,
  warn: /^ Warning level:\t+(.*)$/,
  soft: /^ Soft level:\t+(.*)$/,
  hard: /^ Hard level:\t+(.*)$/,
  storeSize: /^Current store size:\t+(.*)$/,
  mapped: /^Mapped properties:()$/,
  groups: /^Groups \(\d+\):()$/,
};

const PROPERTY_NAME = /^(PR_[A-Z0-9_]+|0x[0-9A-Fa-f]+)$/;

const listValues = (value: string | undefined): string[] => (value ? value.split('; ').filter((v) => v !== '') : []);

/**
 * `kopano-admin --details USER`. undefined when the text has no user in it (kopano-admin printed nothing: unknown user,
 * server down). Note kopano-admin exits 1 after printing the details of a user without a store.
 */
export function parseKopanoUserDetails(text: string): KopanoUserDetails | undefined {
  const found: Record<string, string> = {};
  const mapped: Record<string, string> = {};
  const groups: string[] = [];
  let table: 'mapped' | 'groups' | undefined;
  for (const line of text.split('\n')) {
    if (table && line.startsWith('\t')) {
      if (table === 'groups') groups.push(line.slice(1));
      else {
        const name = line.slice(1).split('\t', 1)[0] ?? '';
        if (PROPERTY_NAME.test(name)) mapped[name] = line.slice(1 + name.length).replace(/^\t+/, '').replace(/\t$/, '');
      }
      continue;
    }
    table = undefined;
    for (const [key, pattern] of Object.entries(LABELS)) {
      const match = pattern.exec(line);
      if (!match) continue;
      if (key in found) throw new KopanoOutputError(`kopano-admin --details printed "${line.split('\t')[0]}" twice: a value contains a line break`);
      found[key] = match[1] ?? '';
      if (key === 'mapped' || key === 'groups') table = key;
      break;
    }
  }
  if (found.username === undefined) return undefined;

  const level = (key: 'warn' | 'soft' | 'hard') => (found[key] === undefined ? undefined : parseHumanSize(found[key]));
  const quota =
    found.quotaHeading === undefined
      ? undefined
      : {
          override: found.override === 'yes',
          warn: level('warn'),
          soft: level('soft'),
          hard: level('hard'),
          text: { warn: found.warn, soft: found.soft, hard: found.hard },
        };
  const storeSize = found.storeSize === undefined ? undefined : parseHumanSize(found.storeSize);
  return {
    username: found.username,
    fullname: found.fullname ?? '',
    email: found.email ?? '',
    active: found.active === 'yes',
    ...(found.nonActiveType !== undefined ? { nonActiveType: found.nonActiveType } : {}),
    admin: found.admin === 'yes (system)' ? 'system' : found.admin === 'yes' ? 'yes' : 'no',
    hidden: found.addressBook === 'Hidden',
    ...(found.homeserver ? { homeserver: found.homeserver } : {}),
    ...(quota ? { quota } : {}),
    ...(storeSize !== undefined ? { storeSize, storeSizeText: found.storeSize } : {}),
    features: { enabled: listValues(mapped.PR_EC_ENABLED_FEATURES), disabled: listValues(mapped.PR_EC_DISABLED_FEATURES) },
    aliases: listValues(mapped.PR_EMS_AB_PROXY_ADDRESSES).map((a) => a.replace(/^smtp:/i, '')),
    groups,
    mapped,
  };
}

/**
 * One exec that lists the users and then shows each one's details, separated by a NUL byte (which no text from
 * kopano-admin can contain: it prints C strings):
 *   kopano-admin -l; for user in …; do printf '\0'; kopano-admin --details "$user"; done
 * Element 0 is what came before the first NUL (the list), then one element per --details, empty when that one printed
 * nothing (the user was deleted in between): parseKopanoUserDetails gives undefined for it.
 */
export function splitDetails(stdout: string): string[] {
  return stdout.split('\0');
}
