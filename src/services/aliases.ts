import { CONFIG_FILES } from '../dms/config-files.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { parsePairImport } from '../dms/pair-import.js';
import { addressProblem, aliasProblem } from '../dms/validate.js';
import { VirtualFile, type AliasEntry } from '../dms/virtual-file.js';
import { entryProblems, refuseAllOrNone } from './all-or-none.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

function check(problem: string | undefined): void {
  if (problem) throw new ServiceError(problem);
}

export async function listAliases(server: MailServer): Promise<AliasEntry[]> {
  const { text } = await server.config.read(CONFIG_FILES.virtual);
  return VirtualFile.parse(text).entries();
}

/** Adds a target to an alias (creating it), as `setup alias add`; resolves to the alias's targets afterwards. */
export async function addAlias(server: MailServer, alias: string, target: string): Promise<string[]> {
  check(aliasProblem(alias));
  check(addressProblem(target));
  let targets: string[] = [];
  await server.config.update(
    CONFIG_FILES.virtual,
    (text, [accounts = '']) => {
      if (KeyedFile.parse(accounts, '|').has(alias)) throw new ServiceError(`'${alias}' is already defined as an account`);
      const next = VirtualFile.parse(text).addTarget(alias, target);
      if (!next) throw new ServiceError(`'${alias}' is already an alias for recipient: '${target}'`);
      targets = next.targetsOf(alias);
      return next.toString();
    },
    [CONFIG_FILES.accounts],
  );
  return targets;
}

/**
 * Adds every `ALIAS RECIPIENT` line of an import file's text in one write, all or none: each line is checked first
 * (addresses, a pair twice in the file), then under the lock against the files (an alias that is an account, a pair
 * already there). Resolves to the last alias with its targets afterwards (what `--wait` checks).
 */
export async function importAliases(server: MailServer, text: string): Promise<{ count: number; last?: { alias: string; targets: string[] } }> {
  const { entries, errors } = parsePairImport(text, 'ALIAS RECIPIENT');
  const problems = [...errors, ...entryProblems(entries, (e) => aliasProblem(e.key) ?? addressProblem(e.value), (e) => `${e.key} ${e.value}`)];
  if (entries.length === 0 && errors.length === 0) problems.push('the file holds no alias');
  if (problems.length > 0) refuseAllOrNone(problems);
  let last: { alias: string; targets: string[] } | undefined;
  await server.config.update(
    CONFIG_FILES.virtual,
    (current, [accounts = '']) => {
      const accountFile = KeyedFile.parse(accounts, '|');
      let file = VirtualFile.parse(current);
      const clashes: string[] = [];
      for (const { key, value, line } of entries) {
        if (accountFile.has(key)) clashes.push(`line ${line}: '${key}' is already defined as an account`);
        const next = file.addTarget(key, value);
        if (!next) clashes.push(`line ${line}: '${key}' is already an alias for recipient: '${value}'`);
        else file = next;
      }
      if (clashes.length > 0) refuseAllOrNone(clashes);
      const lastEntry = entries.at(-1);
      last = lastEntry && { alias: lastEntry.key, targets: file.targetsOf(lastEntry.key) };
      return file.toString();
    },
    [CONFIG_FILES.accounts],
  );
  return { count: entries.length, last };
}

/** Removes a target from an alias (the alias goes with its last target); absent ones are fine, as in DMS. */
export async function removeAlias(server: MailServer, alias: string, target: string): Promise<string[]> {
  check(aliasProblem(alias));
  check(addressProblem(target));
  let targets: string[] = [];
  await server.config.update(CONFIG_FILES.virtual, (text) => {
    const next = VirtualFile.parse(text).removeTarget(alias, target);
    targets = next.targetsOf(alias);
    return next.toString();
  });
  return targets;
}
