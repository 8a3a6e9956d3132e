import { ldapUriParts } from '../../dms/ldap-syntax.js';

/** What went wrong with the directory, in words a newcomer can act on. */
export function describeLdapError(error: unknown, context: { uri: string; bindDn?: string; searchBase?: string }): string {
  const { host, port } = ldapUriParts(context.uri);
  const where = `${host}:${port}`;
  const err = error as { code?: string | number; name?: string; message?: string };
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Nothing answers at ${where}: is the directory running, and is the port right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host name ${host} does not resolve: check the spelling, or use the directory's IP address`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `No answer from ${where} in time: a firewall may block the port, or the host is down`;
    case 'ECONNRESET':
      return `${where} closed the connection: for ldaps:// the port must speak TLS (usually 636), for ldap:// plain LDAP (389)`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `The directory's TLS certificate is not trusted by this machine (${err.code}): install its CA certificate`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The directory's TLS certificate is not for ${host}: use the name the certificate was made for`;
    case 49:
      return `The directory refused the bind DN or its password (invalid credentials): check both${context.bindDn ? ` for ${context.bindDn}` : ''}`;
    case 32:
      return `The search base ${context.searchBase ?? ''} does not exist in the directory: check the spelling (e.g. ou=people,dc=example,dc=com)`;
    case 50:
      return `The bind DN may not read the search base (insufficient access): give it read rights, or bind as another DN`;
    case 52:
    case 51:
      return 'The directory is unavailable or busy right now: try again in a moment';
    case 53:
      return `The directory is unwilling to do this${/TLS|confidentiality/i.test(err.message ?? '') ? ': it wants TLS (use StartTLS or ldaps://)' : ''}`;
    case 13:
      return 'The directory wants an encrypted connection: use StartTLS or ldaps://';
    case 8:
      return 'The directory wants stronger authentication: use StartTLS or ldaps://';
    case 34:
      return `The DN is not valid syntax for the directory: ${err.message ?? ''}`;
    default:
      break;
  }
  if (/timeout|timed out/i.test(err.message ?? '')) return `No answer from ${where} in time: a firewall may block the port, or the host is down`;
  if (/wrong version number|ssl3_get_record|packet length too long/i.test(err.message ?? '')) {
    return `${where} does not speak TLS: use ldap:// (with StartTLS if you want encryption) or the ldaps port (usually 636)`;
  }
  if (err.name === 'TLSNotSupportedError' || err.code === 2) return `The directory at ${where} does not offer StartTLS: turn StartTLS off or use ldaps://`;
  return `The directory answered with an error: ${err.message ?? String(error)}`;
}
