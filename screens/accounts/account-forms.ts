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
/** What an import file holds: the formats of `setup email add`, `alias add` and `quota set` with `--from-file`. */
export const IMPORT_KINDS = [
  { value: 'accounts', label: 'Accounts', why: 'address password, one per line' },
  { value: 'aliases', label: 'Aliases', why: 'alias recipient, one per line' },
  { value: 'quotas', label: 'Quotas', why: 'address quota (e.g. 500M), one per line' },
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number]['value'];

/** Where the file is, on this machine; # lines are skipped. */
export const IMPORT_FIELDS: readonly FormField[] = [
  {
    name: 'path',
    label: 'File',
    hint: 'one entry per line; # lines are skipped',
    validate: (v) => (existsSync(v) ? undefined : `There is no file ${v} here.`),
  },
];
