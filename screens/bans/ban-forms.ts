import type { AdminAddress } from '../../src/services/admin-addresses.js';
import { banInputProblem, describeHits } from '../../src/services/ban-details.js';
import type { FormField } from '../../src/ui/FormPrompt.js';

export const BAN_FIELDS: readonly FormField[] = [
  {
    name: 'address',
    label: 'IP or network',
    hint: 'IPv4 or IPv6, or a CIDR network: 203.0.113.7, 2001:db8::7, 203.0.113.0/24',
    validate: (v) => banInputProblem(v.trim()),
  },
];

export const FORCE_WORD = 'force';

/** Asked instead of a y/n when the ban would hit the admin's own addresses: typing a word is no accident. */
export function forceFields(hits: readonly AdminAddress[]): FormField[] {
  return [
    {
      name: 'force',
      label: `Type ${FORCE_WORD} to ban it anyway`,
      hint: `It would ban ${describeHits(hits)}.`,
      validate: (v) => (v.trim() === FORCE_WORD ? undefined : `Type ${FORCE_WORD}, or Esc to leave it unbanned.`),
    },
  ];
}
