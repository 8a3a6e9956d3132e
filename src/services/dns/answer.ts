/** What a DNS query can answer, shared by the resolvers and the wire-format lookups. */

/** NXDOMAIN (no such name) and NODATA (the name exists, without records of that type) are answers: "void". */
export type VoidCode = 'NXDOMAIN' | 'NODATA';

/**
 * What a query gave: records; a void answer; or "unknown" when the resolver could not say (SERVFAIL, REFUSED,
 * timeout …): a check must never read unknown as "absent".
 */
export type Answer<T> =
  { kind: 'records'; records: T[] } | { kind: 'void'; code: VoidCode } | { kind: 'unknown'; code: string; message: string };

/** Whether a name's zone is DNSSEC-signed (RRSIGs come with its answers) and the resolver validated it (the AD flag). */
export type DnssecAnswer = { kind: 'status'; signed: boolean; authenticated: boolean } | Extract<Answer<never>, { kind: 'unknown' }>;
