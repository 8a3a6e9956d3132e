import { CONFIG_FILES } from '../dms/config-files.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { addressProblem, aliasProblem } from '../dms/validate.js';
import { VirtualFile, type AliasEntry } from '../dms/virtual-file.js';
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
