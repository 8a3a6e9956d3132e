import { dkimKeyFor, dkimRecordName, dkimRecordValue, type DkimKeys } from './dkim-key.js';
import { clientRecords } from './dns-client-records.js';
import { ipFamily, reverseName } from './dns-ip.js';
import { absolute, normalName } from './dns-name.js';
import { sameOrganisation } from './dns-org-domain.js';
import { splitTxt } from './dns-txt.js';
import { domainProblem } from './validate.js';
import { mtaStsId, mtaStsPolicy, mtaStsPolicyUrl, type MtaStsMode } from './mta-sts-policy.js';
import type { PlannedRecord } from './planned-record.js';

export { mtaStsPolicy, mtaStsPolicyUrl } from './mta-sts-policy.js';
export { CLIENT_SERVICES, clientRecords, type ClientService } from './dns-client-records.js';
export { splitTxt } from './dns-txt.js';
export type { Importance, PlannedRecord, RecordType } from './planned-record.js';

/** The DNS records a mail server's domains should publish, with why, as a table and as a zone-file snippet. */

export interface PlanInput {
  domains: string[];
  /** The server's host name: MX target, HELO name, PTR value. */
  fqdn: string;
  ipv4?: string;
  ipv6?: string;
  dkim?: DkimKeys;
  mtaSts?: { mode: MtaStsMode; maxAge?: number };
  /**
   * Where DMARC and TLS reports go: an address, or `'postmaster'` for each domain's own postmaster (the alias the
   * deploy creates); without it neither record asks for reports.
   */
  reportAddress?: string;
  /** The client ports the server offers, when not all of DMS's (SRV records only for these). */
  clientPorts?: readonly number[];
}

/** DMARC's starting policy: DKIM and SPF are set up with the server, so quarantine spoofed mail from day one. */
export const DMARC_STARTING_POLICY = 'v=DMARC1; p=quarantine; adkim=r; aspf=r';
const DEFAULT_MTA_STS_MODE: MtaStsMode = 'testing';

export function planRecords(input: PlanInput): PlannedRecord[] {
  checkInput(input);
  return [...hostRecords(input), ...input.domains.flatMap((domain) => domainRecords(normalName(domain), input))];
}

function checkInput(input: PlanInput): void {
  for (const name of [...input.domains, input.fqdn]) {
    const problem = domainProblem(name);
    if (problem) throw new Error(problem);
  }
  if (input.ipv4 !== undefined && ipFamily(input.ipv4) !== 4) throw new Error(`'${input.ipv4}' is not an IPv4 address`);
  if (input.ipv6 !== undefined && ipFamily(input.ipv6) !== 6) throw new Error(`'${input.ipv6}' is not an IPv6 address`);
}

function hostRecords({ fqdn, ipv4, ipv6 }: PlanInput): PlannedRecord[] {
  const host = normalName(fqdn);
  const records: PlannedRecord[] = [];
  const ptrReason =
    'set by your hosting provider, not in your zone: receivers reject mail from IPs whose reverse name does not lead back to them';
  for (const [ip, type] of [
    [ipv4, 'A'],
    [ipv6, 'AAAA'],
  ] as const) {
    if (ip === undefined) continue;
    records.push({
      name: host,
      type,
      value: ip,
      importance: 'required',
      reason: `the mail host's ${type === 'A' ? 'IPv4' : 'IPv6'} address (not a CNAME: MX targets must not be aliases)`,
    });
  }
  for (const ip of [ipv4, ipv6]) {
    if (ip !== undefined) records.push({ name: reverseName(ip), type: 'PTR', value: host, importance: 'required', reason: ptrReason });
  }
  return records;
}

/** `reportAddress` for each domain's own postmaster. */
export const OWN_POSTMASTER = 'postmaster';

function domainRecords(domain: string, planInput: PlanInput): PlannedRecord[] {
  const input = planInput.reportAddress === OWN_POSTMASTER ? { ...planInput, reportAddress: `postmaster@${domain}` } : planInput;
  const host = normalName(input.fqdn);
  return [
    { name: domain, type: 'MX', value: host, priority: 10, importance: 'required', reason: `mail for ${domain} is delivered to ${host}` },
    {
      name: domain,
      type: 'TXT',
      value: spfValue(input),
      importance: 'required',
      reason: 'SPF: the addresses allowed to send mail for the domain',
    },
    ...dkimRecords(domain, input),
    ...dmarcRecords(domain, input),
    ...mtaStsRecords(domain, input),
    ...clientRecords(domain, host, input.clientPorts),
  ];
}

/** Explicit addresses need no DNS lookup at the receiver; without them, the MX host's addresses. */
function spfValue({ ipv4, ipv6 }: PlanInput): string {
  const terms = [ipv4 && `ip4:${ipv4}`, ipv6 && `ip6:${ipv6}`].filter(Boolean);
  return `v=spf1 ${terms.length > 0 ? terms.join(' ') : 'mx'} ~all`;
}

function dkimRecords(domain: string, input: PlanInput): PlannedRecord[] {
  const key = dkimKeyFor(input.dkim, domain);
  if (!key) return [];
  const reason = 'DKIM: the public half of the key the server signs with; big providers reject unsigned mail';
  return [{ name: dkimRecordName(key.selector, domain), type: 'TXT', value: dkimRecordValue(key), importance: 'required', reason }];
}

function dmarcRecords(domain: string, { reportAddress }: PlanInput): PlannedRecord[] {
  const value = reportAddress ? `${DMARC_STARTING_POLICY}; rua=mailto:${reportAddress}` : DMARC_STARTING_POLICY;
  const records: PlannedRecord[] = [
    {
      name: `_dmarc.${domain}`,
      type: 'TXT',
      value,
      importance: 'required',
      reason: 'DMARC: what receivers do with mail failing SPF and DKIM (quarantine)',
    },
  ];
  const reportDomain = reportAddress?.split('@').pop();
  if (reportDomain && !sameOrganisation(domain, reportDomain)) {
    records.push({
      name: `${domain}._report._dmarc.${normalName(reportDomain)}`,
      type: 'TXT',
      value: 'v=DMARC1',
      importance: 'recommended',
      reason: `in ${normalName(reportDomain)}'s zone: lets it receive ${domain}'s DMARC reports (else receivers drop them)`,
    });
  }
  return records;
}

function mtaStsRecords(domain: string, input: PlanInput): PlannedRecord[] {
  const host = normalName(input.fqdn);
  const policy = mtaStsPolicy({ domain, mx: [host], mode: input.mtaSts?.mode ?? DEFAULT_MTA_STS_MODE, maxAge: input.mtaSts?.maxAge });
  const records: PlannedRecord[] = [
    {
      name: `_mta-sts.${domain}`,
      type: 'TXT',
      value: `v=STSv1; id=${mtaStsId(policy.text)}`,
      importance: 'recommended',
      reason: `MTA-STS: senders must use TLS; the policy is served at ${mtaStsPolicyUrl(domain)}`,
    },
    {
      name: `mta-sts.${domain}`,
      type: 'CNAME',
      value: host,
      importance: 'recommended',
      reason: 'the HTTPS host of the MTA-STS policy (needs a web server with a certificate for this name)',
    },
  ];
  if (input.reportAddress) {
    const reason = 'TLS-RPT: where senders report TLS and MTA-STS failures';
    records.push({
      name: `_smtp._tls.${domain}`,
      type: 'TXT',
      value: `v=TLSRPTv1; rua=mailto:${input.reportAddress}`,
      importance: 'recommended',
      reason,
    });
  }
  return records;
}

/** The record data as a zone file writes it: absolute host names, TXT as quoted strings of at most 255 bytes. */
export function zoneData(record: PlannedRecord): string[] {
  const withPriority = (data: string): string => (record.priority === undefined ? data : `${record.priority} ${data}`);
  switch (record.type) {
    case 'TXT':
      return splitTxt(record.value);
    case 'MX':
    case 'CNAME':
    case 'PTR':
      return [withPriority(absolute(record.value))];
    case 'SRV':
      return [withPriority(record.value.replace(/\S+$/, (target) => absolute(target)))];
    default:
      return [record.value];
  }
}

/**
 * The records as lines to paste into a zone file (absolute names, so any zone's $ORIGIN works). PTR records are
 * commented out: they belong to the hosting provider's reverse zone.
 */
export function toZoneSnippet(records: readonly PlannedRecord[], ttl = 3600): string {
  const lines: string[] = [];
  for (const record of records) {
    const data = zoneData(record);
    const rdata = data.length === 1 ? data[0] : `(\n${data.map((chunk) => `    ${chunk}`).join('\n')} )`;
    const line = `${absolute(record.name)} ${ttl} IN ${record.type} ${rdata}`;
    lines.push(`; ${record.importance}: ${record.reason}`);
    lines.push(record.type === 'PTR' ? line.replace(/^/gm, '; ') : line);
  }
  return `${lines.join('\n')}\n`;
}

const TABLE_HEADER = ['Importance', 'Type', 'Name', 'Value', 'Why'];

/** The records as rows for a table: importance, type, name, the whole value (priority first), reason. */
export function tableRows(records: readonly PlannedRecord[]): string[][] {
  return records.map((r) => [r.importance, r.type, r.name, r.priority === undefined ? r.value : `${r.priority} ${r.value}`, r.reason]);
}

/** The records as a plain-text table with aligned columns; values are never cut, so they can be copied. */
export function toTable(records: readonly PlannedRecord[]): string {
  const rows = [TABLE_HEADER, ...tableRows(records)];
  const widths = TABLE_HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[format(TABLE_HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(format)].join('\n')}\n`;
}
