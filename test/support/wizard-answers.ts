import { defaultAnswers, type WizardAnswers } from '../../src/dms/wizard-answers.js';

/** A complete, valid set of answers to vary in tests. */
export function sampleAnswers(overrides: Partial<WizardAnswers> = {}): WizardAnswers {
  return {
    ...defaultAnswers('/srv'),
    domains: ['example.com', 'example.org'],
    hostname: 'mail.example.com',
    ipv4: '203.0.113.10',
    ipv6: '2001:db8::10',
    provisioner: 'file',
    firstAccount: { address: 'admin@example.com', password: 'correct horse', postmasterAlias: true },
    ...overrides,
  };
}

export const LDAP_SETTINGS = {
  uri: 'ldap://127.0.0.1:3389',
  startTls: false,
  bindDn: 'cn=admin,dc=example,dc=test',
  bindPassword: 'secret',
  searchBase: 'ou=people,dc=example,dc=test',
};
