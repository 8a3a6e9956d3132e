/** DMS's config volume inside the container, and the files `setup` edits there. */
export const CONFIG_DIR = '/tmp/docker-mailserver';

export const CONFIG_FILES = {
  accounts: 'postfix-accounts.cf',
  virtual: 'postfix-virtual.cf',
  regexp: 'postfix-regexp.cf',
  quotas: 'dovecot-quotas.cf',
  masters: 'dovecot-masters.cf',
  relayMap: 'postfix-relaymap.cf',
  saslPasswords: 'postfix-sasl-password.cf',
  sendAccess: 'postfix-send-access.cf',
  receiveAccess: 'postfix-receive-access.cf',
  dkimKeyTable: 'opendkim/KeyTable',
  dkimSigningTable: 'opendkim/SigningTable',
  dkimTrustedHosts: 'opendkim/TrustedHosts',
  userPatches: 'user-patches.sh',
} as const;

export type ConfigFile = (typeof CONFIG_FILES)[keyof typeof CONFIG_FILES];

export const MAIL_DIR = '/var/mail';
