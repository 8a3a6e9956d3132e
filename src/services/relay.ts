import { CONFIG_FILES } from '../dms/config-files.js';
import { KeyedFile } from '../dms/keyed-file.js';
import { domainProblem, hostProblem, passwordProblem, portProblem, printable, visibleNameProblem } from '../dms/validate.js';
import { ServiceError } from './errors.js';
import type { MailServer } from './mail-server.js';

/**
 * Relay hosts per sender domain, as `setup relay` keeps them: postfix-relaymap.cf (`@domain [host]:port`, or
 * `@domain ` to exclude a domain from RELAY_HOST) and postfix-sasl-password.cf (`@domain user:password`).
 *
 * Setting what is already set succeeds without writing anything (DMS fails there, a side effect of its `sed` check),
 * so a provisioning script can run the same command twice.
 */

export interface RelayRoute {
  domain: string;
  /** `[host]:port`, or '' when the domain is excluded from RELAY_HOST. */
  relay: string;
}

function check(problem: string | undefined): void {
  if (problem) throw new ServiceError(problem);
}

export function relayDomainProblem(domain: string): string | undefined {
  return domain === '' ? 'No domain specified' : domainProblem(domain);
}

/** Postfix reads `user:password` as one value, split at the first colon, with white space around it dropped. */
export function relayAccountProblem(user: string): string | undefined {
  if (user === '') return 'No relay account specified';
  const invisible = visibleNameProblem(user, 'a relay account name');
  if (invisible) return invisible;
  if (/[\s\u0000-\u001f\u007f:]/.test(user)) return `'${printable(user)}' cannot be a relay account name: no white space or ':'`;
  return undefined;
}

function relayPasswordProblem(password: string): string | undefined {
  const problem = passwordProblem(password);
  if (problem) return problem;
  return password.trim() === password ? undefined : 'The relay password must not begin or end with white space';
}

function setRoute(server: MailServer, domain: string, relay: string): Promise<boolean> {
  return server.config.update(CONFIG_FILES.relayMap, (text) => KeyedFile.parse(text, ' ').set(`@${domain}`, relay).toString());
}

export async function listRelayRoutes(server: MailServer): Promise<RelayRoute[]> {
  const { text } = await server.config.read(CONFIG_FILES.relayMap);
  return KeyedFile.parse(text, ' ')
    .entries()
    .map(({ key, value }) => ({ domain: key.replace(/^@/, ''), relay: value }));
}

/** Mail from `domain` leaves through `host:port`. */
export async function addRelayDomain(server: MailServer, domain: string, host: string, port = '25'): Promise<void> {
  check(relayDomainProblem(domain));
  if (host === '') throw new ServiceError('No relay host specified');
  check(hostProblem(host));
  check(portProblem(port));
  await setRoute(server, domain, `[${host}]:${port}`);
}

/** Mail from `domain` is not sent through RELAY_HOST. */
export async function excludeRelayDomain(server: MailServer, domain: string): Promise<void> {
  check(relayDomainProblem(domain));
  await setRoute(server, domain, '');
}

/** The account mail from `domain` authenticates with at its relay host. The file is created 0600. */
export async function addRelayAuth(server: MailServer, domain: string, user: string, password: string): Promise<void> {
  check(relayDomainProblem(domain));
  check(relayAccountProblem(user));
  check(relayPasswordProblem(password));
  await server.config.update(CONFIG_FILES.saslPasswords, (text) =>
    KeyedFile.parse(text, ' ').set(`@${domain}`, `${user}:${password}`).toString(),
  );
}
