import { readFileSync } from 'node:fs';
import { printable } from '../../dms/validate.js';
import { ServiceError } from '../../services/errors.js';

/** `--from-file`: mailwiz's extension of `email add`, `alias add` and `quota set` (DMS's grammar is untouched). */
export const FROM_FILE = '--from-file';

/** The text of an import file, or of standard input for `-`. */
export function readImportFile(path: string | undefined): string {
  if (!path) throw new ServiceError(`${FROM_FILE} needs a file (or - for standard input)`);
  try {
    return readFileSync(path === '-' ? 0 : path).toString('utf8');
  } catch (error) {
    throw new ServiceError(`Cannot read ${printable(path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
