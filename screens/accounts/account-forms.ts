import { existsSync } from 'node:fs';
import { addressProblem, aliasProblem, passwordProblem, quotaProblem } from '../../src/dms/validate.js';
import type { FormField } from '../../src/ui/FormPrompt.js';

/** The password asked twice, masked, as `setup email add` does on a terminal. */
export const PASSWORD_FIELDS: readonly FormField[] = [
  { name: 'password', label: 'Password', secret: true, validate: (v) => passwordProblem(v) },
  {
    name: 'confirm',
    label: 'Password again',
    secret: true,
    validate: (v, values) => (v === values.password ? undefined : 'The two passwords differ; type it again.'),
  },
];

export function newAccountFields(existing: ReadonlySet<string>): FormField[] {
  return [
    {
      name: 'address',
      label: 'Address',
      hint: 'e.g. jane@example.com',
      validate: (v) => addressProblem(v) ?? (existing.has(v.toLowerCase()) ? `'${v}' already exists` : undefined),
    },
    ...PASSWORD_FIELDS,
    {
      name: 'quota',
      label: 'Quota (optional)',
      hint: 'e.g. 500M or 2G; empty for none',
      validate: (v) => (v === '' ? undefined : quotaProblem(v)),
    },
  ];
}

export function quotaFields(current: string | undefined): FormField[] {
  return [
    {
      name: 'quota',
      label: 'Quota',
      initial: current ?? '',
      hint: 'e.g. 500M, 2G, 0 for unlimited; empty removes the quota',
      validate: (v) => (v === '' ? undefined : quotaProblem(v)),
    },
  ];
}

export const ALIAS_FIELDS: readonly FormField[] = [
  { name: 'alias', label: 'Alias', hint: 'e.g. info@example.com, or @example.com for a catch-all', validate: (v) => aliasProblem(v) },
];

/** The file for the import: a path on the machine mailwiz runs on, read when the form is sent. */
export const IMPORT_KINDS = ['accounts', 'aliases', 'quotas'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What a file holds (the formats of `setup email add`, `alias add` and `quota set` with `--from-file`), and where it is. */
export const IMPORT_FIELDS: readonly FormField[] = [
  {
    name: 'kind',
    label: 'The file holds',
    initial: 'accounts',
    hint: 'accounts (address password), aliases (alias recipient) or quotas (address quota), one per line; # lines are skipped',
    validate: (v) => ((IMPORT_KINDS as readonly string[]).includes(v) ? undefined : 'Type accounts, aliases or quotas.'),
  },
  {
    name: 'path',
    label: 'File',
    validate: (v) => (existsSync(v) ? undefined : `There is no file ${v} here.`),
  },
];
