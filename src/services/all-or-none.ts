import { ServiceError } from './errors.js';

/** How many problems a refused import lists before it says how many more there are. */
const PROBLEMS_SHOWN = 10;

/** Refuses a whole import (`--from-file`): one problem changes nothing, and the message names the lines. */
export function refuseAllOrNone(problems: readonly string[], verb: 'added' | 'changed' = 'added'): never {
  const more = problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more` : '';
  throw new ServiceError(`Nothing was ${verb}: ${problems.slice(0, PROBLEMS_SHOWN).join('; ')}${more}`);
}
