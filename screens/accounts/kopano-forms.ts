import { addressProblem, passwordProblem } from '../../src/dms/validate.js';
import type { KopanoAccount } from '../../src/services/kopano-accounts.js';
import { PASSWORD_FIELDS } from './account-forms.js';
import type { FormField } from '../../src/ui/FormPrompt.js';

/** The forms of the Kopano Accounts screen: kopano-admin's user name, address, full name, password; quotas in MB. */

const LOGIN = /^[A-Za-z0-9._@-]{1,255}$/;
const MB = 1024 * 1024;

export function kopanoLoginProblem(value: string): string | undefined {
  return LOGIN.test(value) ? undefined : 'A user name has letters, digits, . _ - @ (at most 255)';
}

export function newKopanoUserFields(existing: ReadonlySet<string>): FormField[] {
  return [
    { name: 'login', label: 'User name', hint: 'what the user logs in with, e.g. jane', validate: (v) => kopanoLoginProblem(v) ?? (existing.has(v.toLowerCase()) ? `'${v}' already exists` : undefined) },
    { name: 'email', label: 'Address', hint: 'e.g. jane@example.com', validate: (v) => addressProblem(v) },
    { name: 'fullname', label: 'Full name', hint: 'e.g. Jane Doe', validate: (v) => (v.trim() === '' ? 'Give the full name' : /[\p{Cc}]/u.test(v) ? 'No control characters' : undefined) },
    { ...PASSWORD_FIELDS[0]!, validate: (v) => passwordProblem(v) ?? (/[\n\0]/.test(v) ? 'No line breaks' : undefined) },
    PASSWORD_FIELDS[1]!,
  ];
}

const megabytes = (bytes: number | undefined): string => (bytes === undefined ? '' : String(Math.round(bytes / MB)));

function limitProblem(value: string, values: Record<string, string>, below?: string): string | undefined {
  if (value === '') return values.hard === '' ? undefined : 'Give every limit, or leave the hard limit empty for the default';
  if (!/^\d{1,9}$/.test(value)) return 'A whole number of MB (0: unlimited)';
  const upper = below ? values[below] : undefined;
  if (upper !== undefined && upper !== '' && Number(upper) !== 0 && Number(value) > Number(upper)) return `Not above the ${below} limit (${upper} MB)`;
  return undefined;
}

/** Hard first (empty: back to the server's default quota), then soft and warning, each not above the one before. */
export function kopanoQuotaFields(current: KopanoAccount['quota']): FormField[] {
  return [
    { name: 'hard', label: 'Hard limit (MB)', initial: megabytes(current?.hard), hint: 'no more mail above it; empty: the default quota', validate: (v) => (v === '' ? undefined : limitProblem(v, { hard: v })) },
    { name: 'soft', label: 'Soft limit (MB)', initial: megabytes(current?.soft), hint: 'the user cannot send above it', validate: (v, values) => limitProblem(v, values, 'hard') },
    { name: 'warn', label: 'Warning at (MB)', initial: megabytes(current?.warn), hint: 'a warning mail above it', validate: (v, values) => limitProblem(v, values, 'soft') },
  ];
}
